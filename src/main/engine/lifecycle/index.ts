export { DisposableStore, DisposalError, toDisposable, type Disposable } from './disposable';
export { Emitter, type Event } from './emitter';
export { idleCheckEvery, PeriodicPass } from './periodic-pass';
