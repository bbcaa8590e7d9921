// A small, framework-free client for Carrel's SFU on top of mediasoup-client and an already
// connected socket.io-client socket of the /room/:roomId namespace (DESIGN.md section 4).
// It loads a Device with the router's RTP capabilities, makes one send and one receive
// transport, publishes local tracks, consumes every remote producer it hears about (from the
// sfu-get-rtp-capabilities answer and sfu-new-producer), resumes consumers once their
// transceiver exists, and drops them on sfu-producer-closed. The browser app can reuse it as
// is: new SfuSession(socket, {onTrack, onTrackEnded, onMediaMode}).
import { Device } from "mediasoup-client";

/** Sends an acked request; resolves with the answer or rejects with its error code. */
export function request(socket, event, data = {}, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, data, (err, answer) => {
      if (err) return reject(new Error(`${event}: no answer`));
      if (!answer || answer.ok !== true) {
        const error = new Error(`${event}: ${answer?.error?.message ?? "refused"}`);
        error.code = answer?.error?.code;
        return reject(error);
      }
      resolve(answer);
    });
  });
}

export class SfuSession {
  /**
   * @param socket a connected socket of /room/:roomId whose user has joined the room
   * @param handlers onTrack({track, kind, producerId, userId}), onTrackEnded({producerId}),
   *        onMediaMode(mode), onError(error)
   */
  constructor(socket, handlers = {}) {
    this.socket = socket;
    this.handlers = handlers;
    this.device = new Device();
    this.consumers = new Map(); // producerId -> consumer
    this.producers = new Map(); // producerId -> own producer
    this.mediaMode = "video";
    this.userId = null;
    this._onNewProducer = (p) => this._consumeLater(p);
    this._onProducerClosed = ({ producer_id }) => {
      this._pending = this._pending.filter((p) => p.producer_id !== producer_id);
      this._dropConsumer(producer_id);
    };
    this._onMediaMode = ({ mode }, fromEvent = true) => {
      if (fromEvent) this._modeHeard = true;
      this.mediaMode = mode;
      this.handlers.onMediaMode?.(mode);
    };
  }

  /** Loads the device, makes both transports and consumes the producers already there. */
  async start({ userId } = {}) {
    this.userId = userId ?? null;
    // Listen first: a producer announced while the transports are being made is kept for
    // later instead of being missed.
    this._ready = false;
    this._pending = [];
    this._requested = new Set();
    this._modeHeard = false;
    this.socket.on("sfu-new-producer", this._onNewProducer);
    this.socket.on("sfu-producer-closed", this._onProducerClosed);
    this.socket.on("media-mode", this._onMediaMode);
    const caps = await request(this.socket, "sfu-get-rtp-capabilities");
    if (!this._modeHeard) this._onMediaMode({ mode: caps.media_mode }, false);
    await this.device.load({ routerRtpCapabilities: caps.rtpCapabilities });
    this.sendTransport = await this._transport("send");
    this.recvTransport = await this._transport("recv");
    this._ready = true;
    for (const producer of [...caps.producers, ...this._pending]) this._consumeLater(producer);
    this._pending = [];
  }

  async _transport(direction) {
    const info = await request(this.socket, "sfu-create-transport", { direction });
    const options = {
      id: info.id,
      iceParameters: info.iceParameters,
      iceCandidates: info.iceCandidates,
      dtlsParameters: info.dtlsParameters,
    };
    const transport =
      direction === "send"
        ? this.device.createSendTransport(options)
        : this.device.createRecvTransport(options);
    transport.on("connect", ({ dtlsParameters }, done, fail) => {
      request(this.socket, "sfu-connect-transport", { transport_id: transport.id, dtlsParameters })
        .then(() => done(), fail);
    });
    if (direction === "send") {
      transport.on("produce", ({ kind, rtpParameters, appData }, done, fail) => {
        request(this.socket, "sfu-produce", {
          transport_id: transport.id,
          kind,
          rtpParameters,
          appData,
        }).then(({ id }) => done({ id }), fail);
      });
    }
    return transport;
  }

  /** Publishes a local track; resolves with the mediasoup-client Producer. */
  async publish(track, appData = {}) {
    const producer = await this.sendTransport.produce({ track, appData });
    this.producers.set(producer.id, producer);
    return producer;
  }

  async pauseProducer(producer) {
    producer.pause();
    await request(this.socket, "sfu-pause-producer", { producer_id: producer.id });
  }

  async resumeProducer(producer) {
    producer.resume();
    await request(this.socket, "sfu-resume-producer", { producer_id: producer.id });
  }

  async closeProducer(producer) {
    producer.close();
    this.producers.delete(producer.id);
    await request(this.socket, "sfu-close-producer", { producer_id: producer.id });
  }

  _consumeLater(producer) {
    if (!this._ready) return void this._pending.push(producer);
    if (this.producers.has(producer.producer_id)) return;
    if (this.userId && producer.user_id === this.userId) return;
    if (this._requested.has(producer.producer_id)) return;
    this._requested.add(producer.producer_id);
    this.consume(producer).catch((error) => this.handlers.onError?.(error));
  }

  /** Consumes one remote producer {producer_id, user_id, kind} and resumes it. */
  async consume({ producer_id, user_id }) {
    if (this.consumers.has(producer_id)) return this.consumers.get(producer_id);
    const answer = await request(this.socket, "sfu-consume", {
      transport_id: this.recvTransport.id,
      producer_id,
      rtpCapabilities: this.device.rtpCapabilities,
    });
    const consumer = await this.recvTransport.consume({
      id: answer.id,
      producerId: answer.producerId,
      kind: answer.kind,
      rtpParameters: answer.rtpParameters,
      appData: { userId: user_id },
    });
    this.consumers.set(producer_id, consumer);
    await request(this.socket, "sfu-resume-consumer", { consumer_id: consumer.id });
    this.handlers.onTrack?.({
      track: consumer.track,
      kind: consumer.kind,
      producerId: producer_id,
      userId: user_id,
    });
    return consumer;
  }

  _dropConsumer(producerId) {
    const consumer = this.consumers.get(producerId);
    if (!consumer) return;
    consumer.close();
    this.consumers.delete(producerId);
    this.handlers.onTrackEnded?.({ producerId });
  }

  close() {
    this.socket.off("sfu-new-producer", this._onNewProducer);
    this.socket.off("sfu-producer-closed", this._onProducerClosed);
    this.socket.off("media-mode", this._onMediaMode);
    for (const consumer of this.consumers.values()) consumer.close();
    this.consumers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
  }
}
