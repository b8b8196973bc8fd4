import { describe, expect, it } from 'vitest';
import { checkMovement, initialStatus, movementEffects, receiptEffects } from './ledger.rules.js';

const A = 'wh-a';
const B = 'wh-b';

describe('supplies ledger: what each movement does', () => {
  it('receipt adds to the receiving warehouse', () =>
    expect(movementEffects({ kind: 'receipt', quantity: 100, toWarehouseId: A })).toEqual([
      { warehouseId: A, delta: 100 },
    ]));
  it('issue to an incident takes from the issuing warehouse', () =>
    expect(movementEffects({ kind: 'issue', quantity: 5, fromWarehouseId: A, incidentId: 'i' })).toEqual([
      { warehouseId: A, delta: -5 },
    ]));
  it('transfer leaves the source at once and reaches the destination only when received', () => {
    expect(movementEffects({ kind: 'transfer', quantity: 7, fromWarehouseId: A, toWarehouseId: B })).toEqual([
      { warehouseId: A, delta: -7 },
    ]);
    expect(receiptEffects({ toWarehouseId: B, quantity: 7 })).toEqual([{ warehouseId: B, delta: 7 }]);
    expect(initialStatus('transfer')).toBe('in_transit');
    expect(initialStatus('issue')).toBe('done');
  });
  it('a stock-take adjustment adds or removes the counted difference', () => {
    expect(movementEffects({ kind: 'adjustment', quantity: 3, toWarehouseId: A, reason: '盘盈' })).toEqual([
      { warehouseId: A, delta: 3 },
    ]);
    expect(movementEffects({ kind: 'adjustment', quantity: 2, fromWarehouseId: A, reason: '盘亏' })).toEqual([
      { warehouseId: A, delta: -2 },
    ]);
  });
  it('return adds back; write-off removes', () => {
    expect(movementEffects({ kind: 'return', quantity: 4, toWarehouseId: A })).toEqual([{ warehouseId: A, delta: 4 }]);
    expect(movementEffects({ kind: 'write_off', quantity: 1, fromWarehouseId: A, reason: '过期' })).toEqual([
      { warehouseId: A, delta: -1 },
    ]);
  });
});

describe('supplies ledger: which fields each movement needs', () => {
  it.each([
    [{ kind: 'receipt', quantity: 1 }, ['to_required']],
    [{ kind: 'receipt', quantity: 1, toWarehouseId: A, fromWarehouseId: B }, ['from_not_allowed']],
    [{ kind: 'issue', quantity: 1, fromWarehouseId: A }, ['recipient_required']],
    [{ kind: 'transfer', quantity: 1, fromWarehouseId: A, toWarehouseId: A }, ['same_warehouse']],
    [{ kind: 'adjustment', quantity: 1, toWarehouseId: A }, ['reason_required']],
    [{ kind: 'adjustment', quantity: 1, reason: 'x' }, ['to_required']],
    [{ kind: 'write_off', quantity: 1, fromWarehouseId: A }, ['reason_required']],
    [{ kind: 'issue', quantity: 1, fromWarehouseId: A, incidentId: 'i' }, []],
  ] as const)('%o → %o', (m, problems) => expect(checkMovement(m)).toEqual(problems));
});
