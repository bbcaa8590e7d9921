// How the browser suites (tests/e2e, tests/sfu) launch Debian's Chromium with playwright-core:
// headless, a fake camera and microphone granted without a prompt, WebRTC allowed on loopback
// with real candidate addresses (no mDNS names), and none of the browser's own background
// traffic. Each suite is its own npm package, so this file imports nothing: it only builds the
// options passed to chromium.launch().
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

const ARGS = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-default-apps",
  "--disable-sync",
  "--disable-domain-reliability",
  "--disable-client-side-phishing-detection",
  "--disable-features=Translate,MediaRouter,OptimizationHints,DialMediaRouteProvider,WebRtcHideLocalIpsWithMdns",
  "--metrics-recording-only",
  "--no-first-run",
  "--no-default-browser-check",
  "--password-store=basic",
  "--use-mock-keychain",
  "--mute-audio",
  "--disable-dev-shm-usage",
];

/** Options for chromium.launch(); `extraArgs` are a suite's own flags. */
export function chromiumLaunchOptions(extraArgs = []) {
  return { executablePath: CHROMIUM_PATH, headless: true, args: [...ARGS, ...extraArgs] };
}
