import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API server (Fastify) listens on :3000; in dev we proxy to it so the page and
// the WebSocket share one origin, exactly as in production where Fastify serves web/dist.
const API_ORIGIN = 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // livekit-client (~570 kB, ~150 kB gzip) is its own chunk, loaded only when a voice call starts.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: API_ORIGIN, ws: true, changeOrigin: true },
      '/healthz': { target: API_ORIGIN, changeOrigin: true },
    },
  },
});
