// The camera and microphone of this browser: asks for them once when entering a room (camera
// on, microphone off, as the room starts everyone), and turns each on or off by enabling its
// track, so peers keep their connections while a device is off.
import { Observable } from "../lib/observable";

export interface LocalMediaState {
  stream: MediaStream | null;
  mic: boolean;
  cam: boolean;
  hasMic: boolean;
  hasCam: boolean;
  /** Why there is no camera or microphone, in plain words, or null. */
  problem: string | null;
}

export class LocalMedia {
  readonly state = new Observable<LocalMediaState>({
    stream: null,
    mic: false,
    cam: false,
    hasMic: false,
    hasCam: false,
    problem: null,
  });
  private stopped = false;

  /** Opens the devices; resolves with the stream (or null when none could be opened). */
  async start(): Promise<MediaStream | null> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.state.set({ ...this.state.value, problem: "This browser cannot use a camera here." });
      return null;
    }
    const attempts: MediaStreamConstraints[] = [
      { audio: true, video: { width: { ideal: 640 }, height: { ideal: 480 } } },
      { video: { width: { ideal: 640 }, height: { ideal: 480 } } },
      { audio: true },
    ];
    let stream: MediaStream | null = null;
    let problem: string | null = null;
    for (const constraints of attempts) {
      try {
        stream = await navigator.mediaDevices.getUserMedia(constraints);
        break;
      } catch (err) {
        const name = err instanceof DOMException ? err.name : "";
        problem =
          name === "NotAllowedError"
            ? "Camera and microphone access was refused. Allow it in the browser to be seen and heard."
            : "No camera or microphone could be opened.";
        if (name === "NotAllowedError") break;
      }
    }
    if (this.stopped) {
      stream?.getTracks().forEach((t) => t.stop());
      return null;
    }
    const audio = stream?.getAudioTracks()[0];
    const video = stream?.getVideoTracks()[0];
    if (audio) audio.enabled = false;
    if (video) video.enabled = true;
    this.state.set({
      stream,
      mic: false,
      cam: Boolean(video),
      hasMic: Boolean(audio),
      hasCam: Boolean(video),
      problem: stream ? null : problem,
    });
    return stream;
  }

  setMic(on: boolean): void {
    const track = this.state.value.stream?.getAudioTracks()[0];
    if (track) track.enabled = on;
    this.state.set({ ...this.state.value, mic: Boolean(track) && on });
  }

  setCam(on: boolean): void {
    const track = this.state.value.stream?.getVideoTracks()[0];
    if (track) track.enabled = on;
    this.state.set({ ...this.state.value, cam: Boolean(track) && on });
  }

  stop(): void {
    this.stopped = true;
    this.state.value.stream?.getTracks().forEach((t) => t.stop());
    this.state.set({ ...this.state.value, stream: null, mic: false, cam: false });
  }
}
