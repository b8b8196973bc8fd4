/**
 * Baseline subscriber: a plain mqtt.js client on `yingji/telemetry/#` at QoS 1 (no platform). Prints
 * {received, seconds, rate} once `n` messages arrived (time from the first to the last), or on timeout.
 */
import mqtt from 'mqtt';

const [url = 'mqtt://127.0.0.1:1883', n0 = '100000', timeout0 = '120'] = process.argv.slice(2);
const n = Number(n0);
const c = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: `sub-${process.pid}`, clean: true });
let got = 0;
let first = 0;
let last = 0;
let lastAt = 0;
const done = new Promise<void>((resolve) => {
  c.on('message', () => {
    const now = performance.now();
    if (!got) first = now;
    last = now;
    lastAt = Date.now();
    if (++got >= n) resolve();
  });
  setTimeout(resolve, Number(timeout0) * 1000).unref();
});
await c.subscribeAsync('yingji/telemetry/#', { qos: 1 });
console.log('ready');
await done;
const seconds = (last - first) / 1000;
console.log(JSON.stringify({ received: got, seconds, rate: got / seconds, lastAt }));
await c.endAsync();
process.exit(0);
