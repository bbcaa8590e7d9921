// The display-name field guests fill in before entering a public room.
export function GuestNameField({ value, onInput, problem }: { value: string; onInput: (v: string) => void; problem?: string | null }) {
  return (
    <div class="field">
      <label for="guest-name">Your display name</label>
      <input
        id="guest-name"
        data-testid="guest-name"
        autoComplete="nickname"
        maxLength={100}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
        aria-invalid={problem ? "true" : undefined}
        aria-describedby={problem ? "guest-name-problem" : undefined}
      />
      {problem && (
        <p id="guest-name-problem" class="problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
