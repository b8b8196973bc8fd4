/**
 * Channels as adapters behind one interface: e-mail over SMTP (nodemailer), SMS through an HTTP JSON
 * provider, signed webhooks, and file sinks (one JSON line per message) for demos and tests.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SubscriberChannel } from '@yingji/contracts';
import type { DeliveryConfig } from '../../config.js';
import {
  emailSubject,
  emailText,
  smsText,
  webhookPayload,
  webhookSignature,
  type OutgoingWarning,
} from './dissemination.rules.js';

/** A send that did not work. Permanent: retrying cannot help (bad address, refused); go to the next channel. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface SendResult {
  /** sent: handed to the provider; delivered: the receiver confirmed. */
  status: 'sent' | 'delivered';
  ref?: string | null;
}

export interface Recipient {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  language: string;
}

export interface ChannelAdapter {
  readonly channel: SubscriberChannel;
  /** A short description for logs and the deployment check ("smtp://mail:25", "file:…"). */
  readonly target: string;
  send(w: OutgoingWarning, to: Recipient, deliveryId: string): Promise<SendResult>;
  close?(): Promise<void>;
}

function need(value: string | null, what: string): string {
  if (!value) throw new DeliveryError(`no ${what}`, true);
  return value;
}

const HTTP_TIMEOUT_MS = 10_000;

/** 2xx is fine; 408, 429 and 5xx may pass on a retry; any other answer will not. */
function httpFailure(status: number, body: string): DeliveryError {
  const transient = status === 408 || status === 429 || status >= 500;
  return new DeliveryError(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`, !transient);
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS),
      redirect: 'manual',
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new DeliveryError(`${(err as Error).message}${cause ? ` (${cause})` : ''}`, false);
  }
}

/** E-mail over SMTP: SMTP_URL (smtp:// or smtps://, credentials in the URL), SMTP_FROM. */
export class SmtpEmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  private transport: Transporter;

  constructor(
    readonly target: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(target);
  }

  async send(w: OutgoingWarning, to: Recipient): Promise<SendResult> {
    const address = need(to.email, 'e-mail address');
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: address,
        subject: emailSubject(w, to.language),
        text: emailText(w, to.language),
        headers: { 'X-Yingji-Warning': w.identifier },
      });
      const rejected = (info.rejected ?? []).map(String);
      if (rejected.length) throw new DeliveryError(`rejected: ${rejected.join(', ')}`, true);
      return { status: 'sent', ref: info.messageId ?? null };
    } catch (err) {
      if (err instanceof DeliveryError) throw err;
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx: the server refused for good (unknown mailbox…); 4xx and network errors may pass later.
      throw new DeliveryError((err as Error).message, typeof code === 'number' && code >= 500);
    }
  }

  async close() {
    this.transport.close();
  }
}

/**
 * SMS through a provider's HTTP JSON API: POST SMS_URL {to, text, ref} with `Authorization: Bearer
 * SMS_KEY`. A 2xx answer may say {"status": "delivered" | "sent", "id": "…"}.
 */
export class HttpSmsAdapter implements ChannelAdapter {
  readonly channel = 'sms' as const;

  constructor(
    readonly target: string,
    private readonly key: string | undefined,
  ) {}

  async send(w: OutgoingWarning, to: Recipient, deliveryId: string): Promise<SendResult> {
    const phone = need(to.phone, 'phone number');
    const body = JSON.stringify({ to: phone, text: smsText(w, to.language), ref: deliveryId });
    const res = await post(this.target, body, this.key ? { authorization: `Bearer ${this.key}` } : {});
    const answer = await res.text().catch(() => '');
    if (!res.ok) throw httpFailure(res.status, answer);
    let parsed: { status?: unknown; id?: unknown } = {};
    try {
      parsed = JSON.parse(answer) as { status?: unknown; id?: unknown };
    } catch {
      // A provider answering 2xx without JSON has accepted the message.
    }
    return {
      status: parsed.status === 'delivered' ? 'delivered' : 'sent',
      ref: typeof parsed.id === 'string' ? parsed.id : null,
    };
  }
}

/** Signed webhooks: POST the warning as JSON; a 2xx answer confirms delivery. */
export class WebhookAdapter implements ChannelAdapter {
  readonly channel = 'webhook' as const;
  readonly target = 'subscribers’ URLs';

  async send(w: OutgoingWarning, to: Recipient, deliveryId: string): Promise<SendResult> {
    const url = need(to.webhookUrl, 'webhook URL');
    const secret = need(to.webhookSecret, 'webhook secret');
    const body = JSON.stringify(webhookPayload(w, deliveryId));
    const res = await post(url, body, {
      'x-yingji-signature': webhookSignature(body, secret),
      'x-yingji-delivery': deliveryId,
      'x-yingji-event': `warning.${w.msgType.toLowerCase()}`,
    });
    const answer = await res.text().catch(() => '');
    if (!res.ok) throw httpFailure(res.status, answer);
    return { status: 'delivered', ref: null };
  }
}

/** Appends one JSON line per message to a file: the demo's SMS gateway, mailbox and webhook receiver. */
export class FileSinkAdapter implements ChannelAdapter {
  readonly target: string;

  constructor(
    readonly channel: SubscriberChannel,
    private readonly file: string,
  ) {
    this.target = `file:${file}`;
  }

  async send(w: OutgoingWarning, to: Recipient, deliveryId: string): Promise<SendResult> {
    let line: Record<string, unknown>;
    if (this.channel === 'sms') line = { to: need(to.phone, 'phone number'), text: smsText(w, to.language) };
    else if (this.channel === 'email')
      line = {
        to: need(to.email, 'e-mail address'),
        subject: emailSubject(w, to.language),
        text: emailText(w, to.language),
      };
    else {
      const body = JSON.stringify(webhookPayload(w, deliveryId));
      line = {
        url: need(to.webhookUrl, 'webhook URL'),
        signature: webhookSignature(body, need(to.webhookSecret, 'webhook secret')),
        body,
      };
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(
      this.file,
      `${JSON.stringify({ at: new Date().toISOString(), deliveryId, identifier: w.identifier, ...line })}\n`,
    );
    return { status: this.channel === 'webhook' ? 'delivered' : 'sent', ref: null };
  }
}

/**
 * The adapters this deployment has: e-mail with SMTP_URL, SMS with SMS_URL, either as a file sink under
 * DATA_DIR when OUTBOX_SINK is on (the demo's default); webhooks unless WEBHOOK_MODE=off.
 */
export function adaptersFromConfig(c: DeliveryConfig, dataDir: string): ChannelAdapter[] {
  const out: ChannelAdapter[] = [];
  if (c.smsUrl) out.push(new HttpSmsAdapter(c.smsUrl, c.smsKey));
  else if (c.outboxSink) out.push(new FileSinkAdapter('sms', path.join(dataDir, 'sms-outbox.jsonl')));
  if (c.smtpUrl) out.push(new SmtpEmailAdapter(c.smtpUrl, c.smtpFrom));
  else if (c.outboxSink) out.push(new FileSinkAdapter('email', path.join(dataDir, 'mail-outbox.jsonl')));
  if (c.webhookMode === 'on') out.push(new WebhookAdapter());
  else if (c.webhookMode === 'sink')
    out.push(new FileSinkAdapter('webhook', path.join(dataDir, 'webhook-outbox.jsonl')));
  return out;
}
