// Words in every language for the keyword index: folding, and segmentation of scripts written without spaces.
export { baseForm, baseForms } from './base-forms';
export { fold, foldFully } from './fold';
export { indexText } from './index-text';
export { foldQuery, wordTerms } from './query-words';
export { indexWords } from './index-words';
