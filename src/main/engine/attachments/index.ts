export { withAttachments } from './attach';
