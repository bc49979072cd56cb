// Build for the three Electron processes. The preload is bundled to one CommonJS file,
// because a sandboxed preload cannot load ES modules or other files.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // Dependencies load from node_modules at run time, but for the JSON word list of
      // language/base-forms.ts: Node's ES modules load JSON only with an import attribute, which
      // the build leaves out of an external import, so the list is bundled into the main process.
      externalizeDeps: { exclude: ['english-verbs-irregular'] },
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves every bundle unminified; the renderer is the one whose size the
      // window waits on (about 1.5 MB unminified, under 0.6 MB minified).
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
      },
    },
  },
});
