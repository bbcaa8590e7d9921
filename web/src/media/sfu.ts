// Media through Carrel's SFU (docs/media.md, DESIGN.md section 4 "Media (SFU)"): mediasoup-client
// over the sfu-* requests of the room namespace. The session loads a Device with the router's
// capabilities, opens one send and one receive transport, sends the camera and the microphone
// as two producers, and consumes every producer of the other participants (those listed by
// sfu-get-rtp-capabilities and each sfu-new-producer), resuming each consumer once it exists
// here; sfu-producer-closed and people leaving drop them. The microphone and camera toggles
// pause and resume their producers (here and on the server); in an audio-only room the camera's
// track is taken off its producer, so nothing is sent, and a camera not produced yet waits for
// video to come back. The server closes a socket's media when the socket disconnects, so the
// room starts a new session after a reconnection (survivesReconnect is false); a transport
// that fails or a start that fails tears everything down and starts again after a pause.
import { Device } from "mediasoup-client";
import type {
  Consumer,
  DtlsParameters,
  IceCandidate,
  IceParameters,
  MediaKind,
  Producer,
  RtpCapabilities,
  RtpParameters,
  Transport,
} from "mediasoup-client/types";
import { Observable } from "../lib/observable";
import type { MediaSession, MediaSessionOptions } from "./session";

/** A producer of another participant, as the server announces it. */
interface RemoteProducer {
  producerId: string;
  userId: string;
}

interface Capabilities {
  rtpCapabilities: RtpCapabilities;
  producers: { producer_id: string; user_id: string; kind: string }[];
  media_mode?: string;
}

interface TransportInfo {
  id: string;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

interface ConsumeAnswer {
  id: string;
  producerId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  user_id?: string;
}

/** A refused or unanswered sfu-* request, with the server's error code. */
class SfuRequestError extends Error {
  constructor(
    readonly event: string,
    readonly code: string,
    message: string,
  ) {
    super(`${event}: ${message} (${code})`);
  }
}

const REQUEST_TIMEOUT_MS = 10000;
/** Pauses before starting again after a failure; after the last one the session gives up. */
const RETRY_DELAYS_MS = [1000, 3000, 8000, 15000];

function codeOf(err: unknown): string {
  return err instanceof SfuRequestError ? err.code : "";
}

export class SfuSession implements MediaSession {
  readonly topology = "sfu" as const;
  readonly survivesReconnect = false;
  readonly remoteStreams = new Observable<ReadonlyMap<string, MediaStream>>(new Map());

  private device: Device | null = null;
  private sendTransport: Transport | null = null;
  private recvTransport: Transport | null = null;
  private readonly producers = new Map<MediaKind, Producer>();
  /** Other participants' producers known to exist, by producer id. */
  private readonly remote = new Map<string, RemoteProducer>();
  /** Consumers by producer id, and the producers whose consumer is being made. */
  private readonly consumers = new Map<string, Consumer>();
  private readonly consuming = new Set<string>();
  private readonly offs: (() => void)[] = [];
  private devices = { mic: false, cam: true };
  private videoSending = true;
  /** Device loaded and both transports made. */
  private ready = false;
  private closed = false;
  /** Bumped by every teardown, so work of an earlier attempt stops where it is. */
  private epoch = 0;
  private failures = 0;
  private retryTimer: number | undefined;
  /** Producer changes (produce, pause, resume, track swaps) run one after the other. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: MediaSessionOptions) {
    const { signaling } = options;
    this.offs.push(
      signaling.on("sfu-new-producer", (p) =>
        this.noteProducer(String(p.producer_id ?? ""), String(p.user_id ?? "")),
      ),
      signaling.on("sfu-producer-closed", (p) => this.onProducerClosed(String(p.producer_id ?? ""))),
    );
  }

  start(): void {
    void this.connect(this.epoch);
  }

  removePeer(userId: string): void {
    for (const [producerId, remote] of [...this.remote]) {
      if (remote.userId === userId) this.forget(producerId);
    }
    this.updateStream(userId);
  }

  retain(participantIds: string[]): void {
    const present = new Set(participantIds);
    const gone = new Set([...this.remote.values()].map((r) => r.userId).filter((u) => !present.has(u)));
    gone.forEach((userId) => this.removePeer(userId));
  }

  setVideoSending(on: boolean): void {
    if (this.videoSending === on) return;
    this.videoSending = on;
    const epoch = this.epoch;
    this.enqueue(() => this.applyVideoSending(epoch));
  }

  setDevices(state: { mic: boolean; cam: boolean }): void {
    this.devices = { mic: state.mic, cam: state.cam };
    const epoch = this.epoch;
    this.enqueue(async () => {
      await this.applyPause("audio", epoch);
      await this.applyPause("video", epoch);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.offs.forEach((off) => off());
    // Leaving or a new connection closes this socket's media on the server already.
    this.teardown(false);
    this.remote.clear();
    this.remoteStreams.set(new Map());
  }

  // -------------------------------------------------------------------------------------------
  // starting and starting again

  private stale(epoch: number): boolean {
    return this.closed || epoch !== this.epoch;
  }

  private async connect(epoch: number): Promise<void> {
    try {
      const caps = await this.request<Capabilities>("sfu-get-rtp-capabilities");
      if (this.stale(epoch)) return;
      const device = await Device.factory();
      await device.load({ routerRtpCapabilities: caps.rtpCapabilities });
      if (this.stale(epoch)) return;
      this.device = device;
      this.sendTransport = await this.createTransport(device, "send", epoch);
      if (this.stale(epoch)) return;
      this.recvTransport = await this.createTransport(device, "recv", epoch);
      if (this.stale(epoch)) return;
      this.ready = true;
      for (const p of caps.producers ?? []) this.noteProducer(p.producer_id, p.user_id);
      this.consumeAll(epoch);
      this.enqueue(() => this.publish(epoch));
    } catch (err) {
      if (!this.stale(epoch)) this.recover("could not start", err);
    }
  }

  /** Tears the session down and starts again after a pause (fewer and fewer times). */
  private recover(what: string, err?: unknown, quiet = false): void {
    if (this.closed) return;
    const delay = RETRY_DELAYS_MS[this.failures];
    const text = `media: the SFU session ${what}${delay === undefined ? "; giving up" : ""}`;
    if (quiet && delay !== undefined) console.info(text);
    else console.warn(text, err ?? "");
    this.teardown(true);
    if (delay === undefined) return;
    this.failures += 1;
    const epoch = this.epoch;
    this.retryTimer = window.setTimeout(() => {
      if (!this.stale(epoch)) void this.connect(epoch);
    }, delay);
  }

  /** Closes everything made so far; `onServer` also closes our producers there (the socket
   * stays, so they would otherwise stay too). */
  private teardown(onServer: boolean): void {
    this.epoch += 1;
    window.clearTimeout(this.retryTimer);
    this.ready = false;
    for (const producer of this.producers.values()) {
      if (onServer) void this.request("sfu-close-producer", { producer_id: producer.id }).catch(() => {});
      producer.close();
    }
    this.producers.clear();
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    this.consuming.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.device = null;
    this.queue = Promise.resolve();
    if (this.remoteStreams.value.size > 0) this.remoteStreams.set(new Map());
  }

  private async createTransport(device: Device, direction: "send" | "recv", epoch: number): Promise<Transport> {
    const info = await this.request<TransportInfo>("sfu-create-transport", { direction });
    const options = {
      id: info.id,
      iceParameters: info.iceParameters,
      iceCandidates: info.iceCandidates,
      dtlsParameters: info.dtlsParameters,
      iceServers: this.options.iceServers,
    };
    const transport =
      direction === "send" ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on("connect", ({ dtlsParameters }, done, fail) => {
      this.request("sfu-connect-transport", { transport_id: transport.id, dtlsParameters }).then(
        () => done(),
        fail,
      );
    });
    if (direction === "send") {
      transport.on("produce", ({ kind, rtpParameters, appData }, done, fail) => {
        this.request<{ id: string }>("sfu-produce", {
          transport_id: transport.id,
          kind,
          rtpParameters,
          appData,
        }).then(({ id }) => done({ id }), fail);
      });
    }
    transport.on("connectionstatechange", (state) => {
      if (this.stale(epoch)) return;
      if (state === "connected") this.failures = 0;
      if (state === "failed") this.recover(`lost its ${direction} transport`);
    });
    return transport;
  }

  // -------------------------------------------------------------------------------------------
  // sending

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((err) => {
      console.warn("media: changing what is sent to the SFU failed", err);
    });
  }

  private localTrack(kind: MediaKind): MediaStreamTrack | null {
    const stream = this.options.localStream;
    const tracks = kind === "audio" ? stream?.getAudioTracks() : stream?.getVideoTracks();
    const track = tracks?.[0] ?? null;
    return track && track.readyState === "live" ? track : null;
  }

  private async publish(epoch: number): Promise<void> {
    await this.produce("audio", epoch);
    if (this.videoSending) await this.produce("video", epoch);
  }

  private async produce(kind: MediaKind, epoch: number): Promise<void> {
    const transport = this.sendTransport;
    const track = this.localTrack(kind);
    if (this.stale(epoch) || !transport || !track || this.producers.has(kind)) return;
    if (!this.device?.canProduce(kind)) return;
    let producer: Producer;
    try {
      producer = await transport.produce({
        track,
        // The room's LocalMedia owns the tracks: it enables them for the toggles and stops them.
        stopTracks: false,
        disableTrackOnPause: false,
        appData: { source: kind === "audio" ? "mic" : "cam" },
      });
    } catch (err) {
      // The room went audio-only meanwhile: video is produced when it comes back.
      if (codeOf(err) === "AUDIO_ONLY" || this.stale(epoch)) return;
      throw err;
    }
    if (this.stale(epoch)) {
      producer.close();
      void this.request("sfu-close-producer", { producer_id: producer.id }).catch(() => {});
      return;
    }
    this.producers.set(kind, producer);
    producer.on("trackended", () => {
      if (this.stale(epoch) || this.producers.get(kind) !== producer) return;
      this.producers.delete(kind);
      producer.close();
      void this.request("sfu-close-producer", { producer_id: producer.id }).catch(() => {});
    });
    await this.applyPause(kind, epoch);
    if (kind === "video") await this.applyVideoSending(epoch);
  }

  /** Pauses the producer of a device that is off and resumes it when it is on again. */
  private async applyPause(kind: MediaKind, epoch: number): Promise<void> {
    const producer = this.producers.get(kind);
    if (this.stale(epoch) || !producer || producer.closed) return;
    const paused = kind === "audio" ? !this.devices.mic : !this.devices.cam;
    if (producer.paused === paused) return;
    if (paused) producer.pause();
    else producer.resume();
    await this.request(paused ? "sfu-pause-producer" : "sfu-resume-producer", { producer_id: producer.id });
  }

  /** Audio-only: the camera's producer sends nothing; back to video, it sends again (or is
   * produced now, when the room was audio-only from the start). */
  private async applyVideoSending(epoch: number): Promise<void> {
    if (this.stale(epoch) || !this.ready) return;
    const producer = this.producers.get("video");
    if (!producer) {
      if (this.videoSending) await this.produce("video", epoch);
      return;
    }
    const wanted = this.videoSending ? this.localTrack("video") : null;
    if (producer.track !== wanted) await producer.replaceTrack({ track: wanted });
  }

  // -------------------------------------------------------------------------------------------
  // receiving

  private noteProducer(producerId: string, userId: string): void {
    if (!producerId || !userId || userId === this.options.signaling.selfId) return;
    if (!this.remote.has(producerId)) this.remote.set(producerId, { producerId, userId });
    if (this.ready) this.consumeAll(this.epoch);
  }

  private onProducerClosed(producerId: string): void {
    const own = [...this.producers.values()].find((p) => p.id === producerId);
    if (own) {
      // The server closed one of ours: its transport failed, or this socket's earlier
      // connection went (then the room starts a new session anyway). Start over.
      this.recover("had a producer closed by the server", undefined, true);
      return;
    }
    const remote = this.remote.get(producerId);
    this.forget(producerId);
    if (remote) this.updateStream(remote.userId);
  }

  private forget(producerId: string): void {
    this.remote.delete(producerId);
    this.consumers.get(producerId)?.close();
    this.consumers.delete(producerId);
  }

  private consumeAll(epoch: number): void {
    for (const remote of this.remote.values()) {
      if (this.consumers.has(remote.producerId) || this.consuming.has(remote.producerId)) continue;
      void this.consume(remote, epoch);
    }
  }

  private async consume(remote: RemoteProducer, epoch: number): Promise<void> {
    const { producerId, userId } = remote;
    const transport = this.recvTransport;
    const device = this.device;
    if (!transport || !device) return;
    this.consuming.add(producerId);
    try {
      const answer = await this.request<ConsumeAnswer>("sfu-consume", {
        transport_id: transport.id,
        producer_id: producerId,
        rtpCapabilities: device.recvRtpCapabilities,
      });
      if (this.stale(epoch)) return;
      const consumer = await transport.consume({
        id: answer.id,
        producerId: answer.producerId,
        kind: answer.kind,
        rtpParameters: answer.rtpParameters,
        appData: { userId },
      });
      if (this.stale(epoch) || !this.remote.has(producerId)) {
        consumer.close();
        return;
      }
      this.consumers.set(producerId, consumer);
      const drop = () => {
        if (this.consumers.get(producerId) !== consumer) return;
        this.consumers.delete(producerId);
        consumer.close();
        this.updateStream(userId);
      };
      consumer.on("trackended", drop);
      consumer.on("transportclose", drop);
      // Created paused on the server; the transceiver exists now, so the first packets and
      // the key frame the resume asks for are not lost.
      await this.request("sfu-resume-consumer", { consumer_id: consumer.id });
      if (this.stale(epoch)) return;
      this.updateStream(userId);
    } catch (err) {
      if (this.stale(epoch)) return;
      const code = codeOf(err);
      if (code === "PRODUCER_NOT_FOUND" || code === "CONSUMER_NOT_FOUND") {
        // Closed while we asked for it; sfu-producer-closed is on its way or already here.
        this.forget(producerId);
        this.updateStream(userId);
      } else {
        console.warn(`media: could not receive ${userId}'s media through the SFU`, err);
      }
    } finally {
      if (!this.stale(epoch)) this.consuming.delete(producerId);
    }
  }

  /** Publishes one person's received tracks as a new stream (or none when nothing is left). */
  private updateStream(userId: string): void {
    const tracks: MediaStreamTrack[] = [];
    for (const [producerId, consumer] of this.consumers) {
      if (this.remote.get(producerId)?.userId === userId && !consumer.closed) tracks.push(consumer.track);
    }
    const current = this.remoteStreams.value.get(userId);
    if (!current && tracks.length === 0) return;
    const same =
      current &&
      current.getTracks().length === tracks.length &&
      tracks.every((t) => current.getTrackById(t.id) === t);
    if (same) return;
    const next = new Map(this.remoteStreams.value);
    if (tracks.length > 0) next.set(userId, new MediaStream(tracks));
    else next.delete(userId);
    this.remoteStreams.set(next);
  }

  private async request<T = Record<string, unknown>>(event: string, payload: unknown = {}): Promise<T> {
    const ack = await this.options.signaling.request<T>(event, payload, REQUEST_TIMEOUT_MS);
    if (!ack.ok) throw new SfuRequestError(event, ack.error.code, ack.error.message);
    return ack as unknown as T;
  }
}
