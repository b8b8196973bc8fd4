/** Allocation requests (调拨申请): how an approval relates to what was asked for. */
export interface RequestLine {
  itemCode: string;
  quantity: number;
}
export interface ApprovedLine extends RequestLine {
  fromWarehouseId: string;
}

/**
 * `approved` when every requested item is granted in full, `partially_approved`
 * when something is granted but not all, `invalid` when the approval grants an
 * item that was not asked for, more than was asked, or nothing at all.
 */
export function approvalStatus(
  requested: RequestLine[],
  approved: ApprovedLine[],
): 'approved' | 'partially_approved' | 'invalid' {
  const asked = new Map<string, number>();
  for (const l of requested) asked.set(l.itemCode, (asked.get(l.itemCode) ?? 0) + l.quantity);
  const granted = new Map<string, number>();
  for (const l of approved) granted.set(l.itemCode, (granted.get(l.itemCode) ?? 0) + l.quantity);
  let total = 0;
  for (const [code, q] of granted) {
    const a = asked.get(code);
    if (a === undefined || q > a + 1e-9) return 'invalid';
    total += q;
  }
  if (total <= 0) return 'invalid';
  for (const [code, q] of asked) if ((granted.get(code) ?? 0) + 1e-9 < q) return 'partially_approved';
  return 'approved';
}
