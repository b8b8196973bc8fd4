import { describe, expect, it } from 'vitest';
import { approvalStatus } from './requests.rules.js';

const asked = [
  { itemCode: 'TENT', quantity: 50 },
  { itemCode: 'QUILT', quantity: 200 },
];

describe('allocation request approvals (调拨申请审批)', () => {
  it('all items in full → approved, even from several warehouses', () =>
    expect(
      approvalStatus(asked, [
        { itemCode: 'TENT', quantity: 30, fromWarehouseId: 'a' },
        { itemCode: 'TENT', quantity: 20, fromWarehouseId: 'b' },
        { itemCode: 'QUILT', quantity: 200, fromWarehouseId: 'a' },
      ]),
    ).toBe('approved'));
  it('less than asked → partially approved', () =>
    expect(approvalStatus(asked, [{ itemCode: 'TENT', quantity: 50, fromWarehouseId: 'a' }])).toBe(
      'partially_approved',
    ));
  it('more than asked, an item not asked for, or nothing → invalid', () => {
    expect(approvalStatus(asked, [{ itemCode: 'TENT', quantity: 51, fromWarehouseId: 'a' }])).toBe('invalid');
    expect(approvalStatus(asked, [{ itemCode: 'PUMP', quantity: 1, fromWarehouseId: 'a' }])).toBe('invalid');
    expect(approvalStatus(asked, [])).toBe('invalid');
  });
});
