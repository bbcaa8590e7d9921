// Peer-to-peer media: one RTCPeerConnection to every other participant, negotiated over the
// server's webrtc-offer / webrtc-answer / webrtc-ice-candidate relay with the "perfect
// negotiation" pattern (one side of each pair is polite and yields on an offer collision).
//
// Each page load is an "instance" with a random id carried in every signal, so signals meant
// for an earlier page of the same person (before a reload) are ignored, and an offer from a new
// instance replaces the old connection. The participant who enters starts the connections to
// everyone already there; those answer.
import { Observable } from "../lib/observable";
import type { MediaSession, MediaSessionOptions } from "./session";

interface Signal {
  instance?: string;
  target_instance?: string | null;
}

type DescriptionSignal = RTCSessionDescriptionInit & Signal;
type CandidateSignal = RTCIceCandidateInit & Signal;

const OFFER_RETRY_MS = 5000;
const OFFER_RETRIES = 3;

class Peer {
  readonly pc: RTCPeerConnection;
  remoteInstance: string | null;
  makingOffer = false;
  ignoreOffer = false;
  tracksAdded = false;
  offerRetries = 0;
  queue: Promise<void> = Promise.resolve();
  retryTimer: number | undefined;

  constructor(
    readonly userId: string,
    readonly polite: boolean,
    remoteInstance: string | null,
    iceServers: RTCIceServer[],
  ) {
    this.remoteInstance = remoteInstance;
    this.pc = new RTCPeerConnection({ iceServers });
  }

  /** Runs signalling steps for this peer one after the other. */
  run(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch((err) => {
      console.warn(`media: signalling with ${this.userId} failed`, err);
    });
  }

  close(): void {
    window.clearTimeout(this.retryTimer);
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class MeshSession implements MediaSession {
  readonly topology = "mesh" as const;
  readonly survivesReconnect = true;
  readonly remoteStreams = new Observable<ReadonlyMap<string, MediaStream>>(new Map());
  private readonly peers = new Map<string, Peer>();
  private readonly instance = randomId();
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;
  private videoSending = true;

  constructor(private readonly options: MediaSessionOptions) {
    const { signaling } = options;
    this.unsubscribe.push(
      signaling.on("webrtc-offer", (p) => this.onDescription(p, "offer")),
      signaling.on("webrtc-answer", (p) => this.onDescription(p, "answer")),
      signaling.on("webrtc-ice-candidate", (p) => this.onCandidate(p)),
    );
  }

  start(participantIds: string[]): void {
    for (const userId of participantIds) {
      if (userId === this.options.signaling.selfId || this.peers.has(userId)) continue;
      const peer = this.createPeer(userId, null);
      this.addTracks(peer); // fires negotiationneeded: this side offers
    }
  }

  removePeer(userId: string): void {
    const peer = this.peers.get(userId);
    if (!peer) return;
    peer.close();
    this.peers.delete(userId);
    this.setStream(userId, null);
  }

  setVideoSending(on: boolean): void {
    this.videoSending = on;
    for (const peer of this.peers.values()) this.applyVideoSending(peer);
  }

  private applyVideoSending(peer: Peer): void {
    const track = this.options.localStream?.getVideoTracks()[0] ?? null;
    const wanted = this.videoSending ? track : null;
    for (const transceiver of peer.pc.getTransceivers()) {
      if (transceiver.receiver.track.kind !== "video" || transceiver.sender.track === wanted) continue;
      if (transceiver.currentDirection === "stopped") continue;
      transceiver.sender.replaceTrack(wanted).catch(() => {});
    }
  }

  /** The toggles enable or disable the tracks themselves; the connections stay as they are. */
  setDevices(): void {}

  retain(participantIds: string[]): void {
    const present = new Set(participantIds);
    for (const userId of [...this.peers.keys()]) if (!present.has(userId)) this.removePeer(userId);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe.forEach((off) => off());
    for (const peer of this.peers.values()) peer.close();
    this.peers.clear();
    this.remoteStreams.set(new Map());
  }

  private createPeer(userId: string, remoteInstance: string | null): Peer {
    const polite = this.options.signaling.selfId > userId;
    const peer = new Peer(userId, polite, remoteInstance, this.options.iceServers);
    const { pc } = peer;
    this.peers.set(userId, peer);
    pc.onnegotiationneeded = () =>
      peer.run(async () => {
        try {
          peer.makingOffer = true;
          await pc.setLocalDescription();
          if (pc.localDescription) this.sendDescription(peer, pc.localDescription);
        } finally {
          peer.makingOffer = false;
        }
      });
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      const signal: CandidateSignal = {
        ...candidate.toJSON(),
        instance: this.instance,
        target_instance: peer.remoteInstance,
      };
      this.options.signaling.send("webrtc-ice-candidate", {
        target_user_id: userId,
        candidate: signal,
      });
    };
    pc.ontrack = ({ track, streams }) => {
      const stream = streams[0] ?? new MediaStream([track]);
      if (!streams[0]) {
        const existing = this.remoteStreams.value.get(userId);
        existing?.getTracks().forEach((t) => t !== track && stream.addTrack(t));
      }
      this.setStream(userId, stream);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "failed" && !this.closed) pc.restartIce();
    };
    return peer;
  }

  private addTracks(peer: Peer): void {
    if (peer.tracksAdded) return;
    peer.tracksAdded = true;
    const stream = this.options.localStream;
    if (!stream) {
      // Nothing to send, but still receive what the other side sends.
      if (peer.pc.getTransceivers().length === 0) {
        peer.pc.addTransceiver("audio", { direction: "recvonly" });
        peer.pc.addTransceiver("video", { direction: "recvonly" });
      }
      return;
    }
    for (const track of stream.getTracks()) peer.pc.addTrack(track, stream);
    if (!this.videoSending) this.applyVideoSending(peer);
  }

  private sendDescription(peer: Peer, description: RTCSessionDescription): void {
    const signal: DescriptionSignal = {
      type: description.type,
      sdp: description.sdp,
      instance: this.instance,
      target_instance: peer.remoteInstance,
    };
    const event = description.type === "offer" ? "webrtc-offer" : "webrtc-answer";
    this.options.signaling.send(event, { target_user_id: peer.userId, sdp: signal });
    window.clearTimeout(peer.retryTimer);
    if (description.type === "offer") {
      // The other side may not have been connected yet: offer again if nothing came back.
      peer.retryTimer = window.setTimeout(() => {
        const pc = peer.pc;
        if (this.closed || pc.signalingState !== "have-local-offer") return;
        if (peer.offerRetries >= OFFER_RETRIES || !pc.localDescription) return;
        peer.offerRetries += 1;
        this.sendDescription(peer, pc.localDescription);
      }, OFFER_RETRY_MS);
    }
  }

  private onDescription(payload: Record<string, unknown>, kind: "offer" | "answer"): void {
    if (this.closed) return;
    const from = String(payload.from_user_id ?? "");
    const raw = payload.sdp;
    const signal: DescriptionSignal =
      typeof raw === "string" ? { type: kind, sdp: raw } : ((raw ?? {}) as DescriptionSignal);
    if (!from || typeof signal.sdp !== "string") return;
    if (signal.target_instance && signal.target_instance !== this.instance) return;
    const instance = signal.instance ?? null;
    let peer = this.peers.get(from);
    if (signal.type === "offer") {
      if (!peer || (instance && peer.remoteInstance && peer.remoteInstance !== instance)) {
        // A new page of that person (or the first contact): start over with it.
        if (peer) this.removePeer(from);
        peer = this.createPeer(from, instance);
      }
    } else if (!peer || (instance && peer.remoteInstance && peer.remoteInstance !== instance)) {
      return;
    }
    if (!peer.remoteInstance && instance) peer.remoteInstance = instance;
    const target = peer;
    const description: RTCSessionDescriptionInit = { type: signal.type, sdp: signal.sdp };
    target.run(async () => {
      const pc = target.pc;
      if (pc.signalingState === "closed") return;
      const collision =
        description.type === "offer" && (target.makingOffer || pc.signalingState !== "stable");
      target.ignoreOffer = !target.polite && collision;
      if (target.ignoreOffer) return;
      await pc.setRemoteDescription(description);
      if (description.type === "offer") {
        this.addTracks(target);
        await pc.setLocalDescription();
        if (pc.localDescription) this.sendDescription(target, pc.localDescription);
      } else {
        window.clearTimeout(target.retryTimer);
      }
    });
  }

  private onCandidate(payload: Record<string, unknown>): void {
    if (this.closed) return;
    const from = String(payload.from_user_id ?? "");
    const signal = (payload.candidate ?? null) as CandidateSignal | null;
    const peer = this.peers.get(from);
    if (!peer || !signal || typeof signal !== "object") return;
    if (signal.target_instance && signal.target_instance !== this.instance) return;
    if (signal.instance && peer.remoteInstance && signal.instance !== peer.remoteInstance) return;
    const { instance: _i, target_instance: _t, ...init } = signal;
    peer.run(async () => {
      if (peer.pc.signalingState === "closed") return;
      try {
        await peer.pc.addIceCandidate(init);
      } catch (err) {
        if (!peer.ignoreOffer) console.warn("media: ICE candidate refused", err);
      }
    });
  }

  private setStream(userId: string, stream: MediaStream | null): void {
    const next = new Map(this.remoteStreams.value);
    if (stream) next.set(userId, stream);
    else next.delete(userId);
    this.remoteStreams.set(next);
  }
}
