// <video> and <audio> elements bound to a MediaStream (srcObject is a property, not an
// attribute, so it is set from an effect). Videos are always muted; sound plays through the
// audio element, so video keeps playing even where autoplay with sound is refused.
import { useEffect, useRef } from "preact/hooks";
import { forgetAudio, playAudio } from "./audio-unlock";

interface VideoProps {
  stream: MediaStream;
  testId: string;
  userId: string;
  label: string;
  mirrored?: boolean;
}

export function StreamVideo({ stream, testId, userId, label, mirrored }: VideoProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    video.play().catch(() => {
      // muted video may still be interrupted by a newer srcObject; it plays once that loads
    });
  }, [stream]);
  return (
    <video
      ref={ref}
      class={mirrored ? "mirrored" : undefined}
      data-testid={testId}
      data-user-id={userId}
      aria-label={label}
      autoPlay
      playsInline
      muted
    />
  );
}

export function StreamAudio({ stream }: { stream: MediaStream }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = stream;
    playAudio(audio);
    return () => forgetAudio(audio);
  }, [stream]);
  return <audio ref={ref} autoPlay />;
}
