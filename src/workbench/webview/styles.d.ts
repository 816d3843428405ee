// Style sheets imported by a webview's main.ts are bundled by esbuild into media/dist/<feature>.css.
declare module '*.css';
