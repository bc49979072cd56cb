// Electron IPC channel names, apart from the contract's schemas so the preload (bundled on
// its own, sandboxed) can name them without pulling zod into its bundle.
export const IPC_CHANNEL = { call: 'mnemo:call', event: 'mnemo:event' } as const;
