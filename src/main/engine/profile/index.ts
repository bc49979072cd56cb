export { inspectProfile, listBackups, ProfileUnavailableError, type ProfilePaths } from './inspect';
export { recoverProfile, type RecoveryRequest } from './recover';
