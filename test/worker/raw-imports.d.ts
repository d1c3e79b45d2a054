// Vite's `?raw` imports (a file's text), used to check committed config files from tests.
declare module "*?raw" {
  const text: string;
  export default text;
}
