// The error banner under the header: the current plain-words message, announced to screen
// readers (role=alert), with a button to dismiss it.
import { banner, clearError } from "../lib/banner";
import { useObservable } from "../lib/observable";

export function ErrorBanner() {
  const message = useObservable(banner);
  if (!message) return null;
  return (
    <div class="error-banner" role="alert" data-testid="error-banner" data-kind={message.kind}>
      <p>{message.text}</p>
      <button type="button" class="icon-button" aria-label="Dismiss message" onClick={() => clearError()}>
        ×
      </button>
    </div>
  );
}
