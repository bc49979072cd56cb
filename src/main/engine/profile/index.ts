export {
  inspectProfile,
  listBackups,
  startupCheckKind,
  ProfileUnavailableError,
  type InspectOptions,
  type ProfilePaths,
} from './inspect';
export { keyUnlockProblem } from './key-problem';
export { recoverProfile, type RecoveryRequest } from './recover';
export { forgetCleanClose, markClosedCleanly } from './clean-close';
export { ActiveProfile, type ActiveProfileParts, type ProfileRun } from './active-profile';
