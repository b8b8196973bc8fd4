/** Retry delay after the n-th failed attempt (1-based): 2^n seconds, capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(3600, 2 ** Math.max(1, attempt));
}
