import { useState, type CSSProperties } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organization } from '@yingji/contracts';
import { api, type ListResult } from '../app/api';

/** Searchable organisation picker (`GET /api/v1/organizations?q=`). */
export function OrgSelect({
  value,
  onChange,
  placeholder,
  allowClear,
  excludeId,
  style,
  id,
  testId,
}: {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  excludeId?: string;
  style?: CSSProperties;
  id?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['organizations', 'options', q],
    queryFn: ({ signal }) =>
      api.get<ListResult<Organization>>('/organizations', { q: q || undefined, page: 1, pageSize: 30 }, signal),
    placeholderData: keepPreviousData,
  });
  const inOptions = !!value && !!search.data?.items.some((o) => o.id === value);
  const current = useQuery({
    queryKey: ['organizations', 'one', value],
    queryFn: ({ signal }) => api.get<Organization>(`/organizations/${value ?? ''}`, undefined, signal),
    enabled: !!value && !inOptions && !search.isFetching,
    retry: false,
  });

  const options = (search.data?.items ?? [])
    .filter((o) => o.id !== excludeId)
    .map((o) => ({ value: o.id, label: o.name, title: o.divisionName ?? o.divisionCode }));
  if (value && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: current.data?.name ?? value, title: '' });
  }

  return (
    <Select<string>
      id={id}
      data-testid={testId}
      style={style}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      onClear={() => setQ('')}
      placeholder={placeholder ?? t('orgs.selectPlaceholder')}
      allowClear={allowClear}
      options={options}
      notFoundContent={search.isFetching ? <Spin size="small" /> : t('common.noData')}
      optionRender={(option) => (
        <span>
          {option.label}
          {option.data.title ? <span className="org-option-division"> · {option.data.title}</span> : null}
        </span>
      )}
    />
  );
}
