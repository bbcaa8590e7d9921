// The app-wide error banner: one plain-words message at a time, shown by <ErrorBanner>.
// `kind` lets the code that raised a message clear only its own (e.g. "connection").
import { Observable } from "./observable";

export interface BannerMessage {
  text: string;
  kind: string;
}

export const banner = new Observable<BannerMessage | null>(null);

export function showError(text: string, kind = "error"): void {
  banner.set({ text, kind });
}

/** Clears the banner; with `kind`, only when the banner shows a message of that kind. */
export function clearError(kind?: string): void {
  if (!kind || banner.value?.kind === kind) banner.set(null);
}
