import type { CSSProperties } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Division } from '@yingji/contracts';
import { fetchDivisions } from '../app/queries';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const PROVINCE_CODE = '140000';
const CITY_CODE = '140300';

function toNode(d: Division): Node {
  return { id: d.code, pId: d.parentCode, value: d.code, title: d.name, isLeaf: d.level === 'town' };
}

/** The codes whose children must be loaded for `code` to be shown by name (province → city → county). */
function ancestorsOf(code: string): string[] {
  const list = [code.slice(0, 2) + '0000', code.slice(0, 4) + '00'];
  if (code.length === 9) list.push(code.slice(0, 6));
  return [...new Set(list)].filter((c) => c !== code);
}

/**
 * Administrative-division picker: a tree from 山西省 (140000) that loads children on demand
 * (`GET /api/v1/divisions?parent=<code>`), with 阳泉市 (140300) opened at start.
 */
export function DivisionPicker({
  value,
  onChange,
  placeholder,
  allowClear,
  style,
  id,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
}) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<Node[]>([
    { id: PROVINCE_CODE, pId: null, value: PROVINCE_CODE, title: t('divisionPicker.province'), isLeaf: false },
  ]);
  const [expanded, setExpanded] = useState<string[]>([PROVINCE_CODE, CITY_CODE]);
  const loaded = useRef(new Set<string>());
  const [error, setError] = useState(false);

  const load = useCallback(async (parent: string) => {
    if (loaded.current.has(parent)) return;
    loaded.current.add(parent);
    try {
      const res = await fetchDivisions(parent);
      setNodes((prev) => {
        const known = new Set(prev.map((n) => n.id));
        const added = res.items.filter((d) => !known.has(d.code)).map(toNode);
        // A parent without children becomes a leaf so the tree stops offering to open it.
        const next = res.items.length === 0 ? prev.map((n) => (n.id === parent ? { ...n, isLeaf: true } : n)) : prev;
        return [...next, ...added];
      });
      setError(false);
    } catch {
      loaded.current.delete(parent);
      setError(true);
    }
  }, []);

  useEffect(() => {
    const chain = value ? ancestorsOf(value) : [];
    for (const code of [PROVINCE_CODE, CITY_CODE, ...chain]) void load(code);
  }, [value, load]);

  const treeData = nodes.map((n) => (n.id === PROVINCE_CODE ? { ...n, title: t('divisionPicker.province') } : n));

  return (
    <TreeSelect<string>
      id={id}
      style={style}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeDataSimpleMode
      treeData={treeData}
      loadData={(node) => load(String(node.value))}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      placeholder={placeholder ?? t('divisionPicker.placeholder')}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      status={error ? 'warning' : undefined}
      notFoundContent={error ? t('divisionPicker.loadFailed') : undefined}
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { minWidth: 280, maxHeight: 400, overflow: 'auto' } } }}
    />
  );
}
