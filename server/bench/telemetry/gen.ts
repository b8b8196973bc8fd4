/**
 * Load generator: `conns` MQTT 3.1.1 connections publish `n` QoS 1 telemetry messages (≈90 bytes)
 * round-robin over `sensors` topics, as fast as the broker acknowledges them (a window of `window`
 * unacknowledged publishes per connection). Prints {sent, seconds, rate} as JSON.
 */
import mqtt from 'mqtt';

const [
  url = 'mqtt://127.0.0.1:1883',
  n0 = '100000',
  conns0 = '4',
  sensors0 = '10000',
  prefix = 'B',
  window0 = '500',
  rate0 = '0',
  offset0 = '0',
] = process.argv.slice(2);
/** Messages per second over all connections; 0: as fast as possible. */
const rateLimit = Number(rate0);
/** Added to every reading's timestamp, so two runs over the same sensors never collide. */
const offset = Number(offset0);
const n = Number(n0);
const conns = Number(conns0);
const sensors = Number(sensors0);
const windowSize = Number(window0);
const base = Date.now() - 3_600_000 + offset;

const clients = await Promise.all(
  Array.from({ length: conns }, (_, i) =>
    mqtt.connectAsync(url, { protocolVersion: 4, clientId: `gen-${prefix}-${i}-${process.pid}` }),
  ),
);
const t0 = performance.now();
const startedAt = Date.now();
await Promise.all(
  clients.map(async (c, ci) => {
    let inFlight: Promise<unknown>[] = [];
    for (let i = ci; i < n; i += conns) {
      const s = i % sensors;
      const payload = `{"ts":${base + i},"values":{"gas":${(2 + (i % 50) / 10).toFixed(2)},"temp":12.5}}`;
      inFlight.push(c.publishAsync(`yingji/telemetry/${prefix}-${s}`, payload, { qos: 1 }));
      if (inFlight.length >= windowSize) {
        await Promise.all(inFlight);
        inFlight = [];
      }
      if (rateLimit > 0) {
        const due = t0 + (i / rateLimit) * 1000;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      }
    }
    await Promise.all(inFlight);
  }),
);
const seconds = (performance.now() - t0) / 1000;
await Promise.all(clients.map((c) => c.endAsync()));
console.log(JSON.stringify({ sent: n, seconds, rate: n / seconds, startedAt }));
