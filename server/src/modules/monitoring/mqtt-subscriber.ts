/**
 * A minimal MQTT 5 subscriber for the telemetry stream. It exists because general clients (mqtt.js)
 * handle incoming QoS 1 messages one at a time and send PUBACK before taking the next, so acknowledging
 * only after the database commit would stall the stream to one message per commit. Here PUBACK is sent
 * when the caller says so, while the socket keeps reading: messages are acknowledged per committed
 * batch, with up to `receiveMaximum` unacknowledged in flight.
 *
 * What it does: CONNECT (v5, clean start off, session expiry, receive maximum), SUBSCRIBE, PUBLISH
 * in (QoS 0 and 1), PUBACK out, PINGREQ keep-alive, reconnect with back-off. Nothing else.
 */
import net from 'node:net';
import mqttPacket, { type Packet } from 'mqtt-packet';

export interface SubscriberOptions {
  url: string;
  clientId: string;
  topic: string;
  /** Seconds the broker keeps the session (and unacknowledged messages) after a disconnect. */
  sessionExpirySeconds: number;
  receiveMaximum: number;
  keepaliveSeconds?: number;
  onMessage(topic: string, payload: Buffer, ack: () => void): void;
  onError(err: unknown): void;
  onConnect?(sessionPresent: boolean): void;
}

export class MqttSubscriber {
  private socket: net.Socket | null = null;
  private closed = false;
  private ping: NodeJS.Timeout | null = null;
  private backoff = 250;
  private generation = 0;
  private ready: Promise<void>;
  private resolveReady: () => void = () => {};
  private rejectReady: (e: unknown) => void = () => {};
  connected = false;
  private unsubscribed: (() => void) | null = null;
  private sendPacket: ((p: Packet) => void) | null = null;

  constructor(private readonly o: SubscriberOptions) {
    this.ready = new Promise((res, rej) => {
      this.resolveReady = res;
      this.rejectReady = rej;
    });
  }

  /** Resolves once the first subscription is granted; rejects if the first connection fails. */
  start(): Promise<void> {
    this.connect(true);
    return this.ready;
  }

  private connect(first: boolean) {
    const u = new URL(this.o.url);
    if (u.protocol !== 'mqtt:' && u.protocol !== 'tcp:') {
      this.rejectReady(
        new Error(`MQTT_URL: only mqtt:// and tcp:// are supported for the telemetry subscriber, not ${u.protocol}`),
      );
      return;
    }
    const gen = ++this.generation;
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    socket.setNoDelay(true);
    this.socket = socket;
    const parser = mqttPacket.parser({ protocolVersion: 5 });
    const send = (p: Packet) => {
      if (this.socket === socket && !socket.destroyed) socket.write(mqttPacket.generate(p, { protocolVersion: 5 }));
    };
    this.sendPacket = send;
    parser.on('packet', (p: Packet) => {
      switch (p.cmd) {
        case 'connack': {
          if ((p.reasonCode ?? p.returnCode ?? 0) !== 0) {
            const err = new Error(`MQTT broker refused the connection (reason ${p.reasonCode ?? p.returnCode})`);
            if (first) this.rejectReady(err);
            this.o.onError(err);
            socket.destroy();
            return;
          }
          this.connected = true;
          this.backoff = 250;
          this.o.onConnect?.(p.sessionPresent);
          send({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: this.o.topic, qos: 1 }] });
          break;
        }
        case 'unsuback':
          this.unsubscribed?.();
          break;
        case 'suback': {
          const granted = p.granted[0];
          const code = typeof granted === 'number' ? granted : ((granted as { qos?: number } | undefined)?.qos ?? 0x80);
          if (code >= 0x80) {
            const err = new Error(`MQTT broker refused the subscription to ${this.o.topic} (reason ${code})`);
            if (first) this.rejectReady(err);
            this.o.onError(err);
            return;
          }
          this.resolveReady();
          break;
        }
        case 'publish': {
          const topic = p.topic;
          const payload = Buffer.isBuffer(p.payload) ? p.payload : Buffer.from(p.payload);
          if (p.qos === 0) this.o.onMessage(topic, payload, () => {});
          else {
            const messageId = p.messageId ?? 0;
            let acked = false;
            this.o.onMessage(topic, payload, () => {
              // An ack after a reconnect would name a message id of the old connection: the broker redelivers instead.
              if (acked || gen !== this.generation) return;
              acked = true;
              this.queueAck(socket, messageId);
            });
          }
          break;
        }
        case 'disconnect':
          this.o.onError(new Error(`MQTT broker disconnected the subscriber (reason ${p.reasonCode ?? 0})`));
          break;
        default:
          break;
      }
    });
    parser.on('error', (err: unknown) => {
      this.o.onError(err);
      socket.destroy();
    });
    socket.on('data', (chunk) => parser.parse(chunk));
    socket.on('connect', () => {
      send({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 5,
        clientId: this.o.clientId,
        clean: false,
        keepalive: this.o.keepaliveSeconds ?? 30,
        properties: { sessionExpiryInterval: this.o.sessionExpirySeconds, receiveMaximum: this.o.receiveMaximum },
      });
      if (this.ping) clearInterval(this.ping);
      this.ping = setInterval(() => send({ cmd: 'pingreq' }), ((this.o.keepaliveSeconds ?? 30) * 1000) / 2);
      this.ping.unref();
    });
    socket.on('error', (err) => {
      if (first && !this.connected) this.rejectReady(err);
      else this.o.onError(err);
    });
    socket.on('close', () => {
      this.connected = false;
      if (this.ping) clearInterval(this.ping);
      if (this.closed || this.socket !== socket) return;
      const wait = this.backoff;
      this.backoff = Math.min(10_000, this.backoff * 2);
      setTimeout(() => {
        if (!this.closed) this.connect(false);
      }, wait).unref();
    });
  }

  private acks: Buffer[] = [];
  private ackFlush: NodeJS.Immediate | null = null;

  /** PUBACKs of one batch go out in one write (v5 PUBACK, success, no properties: 4 bytes). */
  private queueAck(socket: net.Socket, messageId: number) {
    this.acks.push(Buffer.from([0x40, 0x02, messageId >> 8, messageId & 0xff]));
    if (this.ackFlush) return;
    this.ackFlush = setImmediate(() => {
      this.ackFlush = null;
      const all = Buffer.concat(this.acks);
      this.acks = [];
      if (this.socket === socket && !socket.destroyed) socket.write(all);
    });
  }

  /**
   * Stops the flow: UNSUBSCRIBE, so the broker sends nothing more to this session; messages already
   * delivered still arrive and can be acknowledged.
   */
  async unsubscribe(timeoutMs = 2000): Promise<void> {
    if (!this.connected || !this.sendPacket) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.unsubscribed = () => {
        clearTimeout(t);
        resolve();
      };
      this.sendPacket?.({ cmd: 'unsubscribe', messageId: 2, unsubscriptions: [this.o.topic] });
    });
  }

  /**
   * Disconnects. `endSession` (after unsubscribe and acknowledging everything) tells the broker to drop
   * the session, so a stopped instance takes no share of the stream; otherwise the session stays for
   * `sessionExpirySeconds` and an instance that comes back under the same id gets what it had not acknowledged.
   */
  async close(endSession = false): Promise<void> {
    this.closed = true;
    if (this.ping) clearInterval(this.ping);
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.end(
        mqttPacket.generate(
          { cmd: 'disconnect', reasonCode: 0, ...(endSession ? { properties: { sessionExpiryInterval: 0 } } : {}) },
          { protocolVersion: 5 },
        ),
      );
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }
}
