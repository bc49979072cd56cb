export { inspectProfile, listBackups, ProfileUnavailableError, type InspectOptions, type ProfilePaths } from './inspect';
export { keyUnlockProblem } from './key-problem';
export { recoverProfile, type RecoveryRequest } from './recover';
