/**
 * The supplies ledger as data: what each kind of movement does to the stock of
 * which warehouse, and which fields it needs. Double entry: stock leaves one
 * place and arrives at another (or comes from / goes to outside the reserve).
 */
export const MOVEMENT_KINDS = ['receipt', 'issue', 'transfer', 'adjustment', 'return', 'write_off'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MovementInput {
  kind: MovementKind;
  quantity: number;
  fromWarehouseId?: string | undefined;
  toWarehouseId?: string | undefined;
  incidentId?: string | undefined;
  toOrgId?: string | undefined;
  reason?: string | undefined;
}

export interface Effect {
  warehouseId: string;
  /** Signed change of the balance. */
  delta: number;
}

export type MovementProblem =
  | 'from_required'
  | 'to_required'
  | 'from_not_allowed'
  | 'to_not_allowed'
  | 'same_warehouse'
  | 'reason_required'
  | 'recipient_required';

/** Which warehouse fields a kind needs: stock in (to), stock out (from), or both. */
const SHAPE: Record<
  MovementKind,
  { from: 'required' | 'forbidden' | 'either'; to: 'required' | 'forbidden' | 'either'; reason: boolean }
> = {
  receipt: { from: 'forbidden', to: 'required', reason: false },
  issue: { from: 'required', to: 'forbidden', reason: false },
  transfer: { from: 'required', to: 'required', reason: false },
  // a stock-take adds (to) or removes (from) the counted difference, and says why
  adjustment: { from: 'either', to: 'either', reason: true },
  return: { from: 'forbidden', to: 'required', reason: false },
  write_off: { from: 'required', to: 'forbidden', reason: true },
};

export function checkMovement(m: MovementInput): MovementProblem[] {
  const s = SHAPE[m.kind];
  const out: MovementProblem[] = [];
  if (s.from === 'required' && !m.fromWarehouseId) out.push('from_required');
  if (s.to === 'required' && !m.toWarehouseId) out.push('to_required');
  if (s.from === 'forbidden' && m.fromWarehouseId) out.push('from_not_allowed');
  if (s.to === 'forbidden' && m.toWarehouseId) out.push('to_not_allowed');
  if (m.kind === 'adjustment' && !!m.fromWarehouseId === !!m.toWarehouseId) {
    out.push(m.fromWarehouseId ? 'to_not_allowed' : 'to_required');
  }
  if (m.fromWarehouseId && m.fromWarehouseId === m.toWarehouseId) out.push('same_warehouse');
  if (s.reason && !m.reason?.trim()) out.push('reason_required');
  if (m.kind === 'issue' && !m.incidentId && !m.toOrgId) out.push('recipient_required');
  return out;
}

/**
 * The balance changes a movement makes when it is recorded. A transfer takes
 * the stock out of the source at once; it is added to the destination only
 * when received (see `receiptEffects`), so nothing is counted twice in transit.
 */
export function movementEffects(m: MovementInput): Effect[] {
  const q = m.quantity;
  switch (m.kind) {
    case 'receipt':
    case 'return':
      return [{ warehouseId: m.toWarehouseId as string, delta: q }];
    case 'issue':
    case 'write_off':
    case 'transfer':
      return [{ warehouseId: m.fromWarehouseId as string, delta: -q }];
    case 'adjustment':
      return m.toWarehouseId
        ? [{ warehouseId: m.toWarehouseId, delta: q }]
        : [{ warehouseId: m.fromWarehouseId as string, delta: -q }];
  }
}

/** A transfer's arrival at its destination. */
export function receiptEffects(m: { toWarehouseId: string; quantity: number }): Effect[] {
  return [{ warehouseId: m.toWarehouseId, delta: m.quantity }];
}

/** Transfers stay in transit until received; everything else is done when recorded. */
export function initialStatus(kind: MovementKind): 'done' | 'in_transit' {
  return kind === 'transfer' ? 'in_transit' : 'done';
}
