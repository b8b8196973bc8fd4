import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Input } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { DivisionPicker } from '../admin/DivisionPicker';
import { RESOURCES_NS } from './i18n';
import { ImportButton, type ImportTarget } from './ImportButton';

/**
 * The toolbar every registry tab shares: search, the tab's own filters (children), division filter,
 * refresh, Excel export, import and create. Test ids are `<registry>-search|export|create|import`.
 */
export function RegistryToolbar({
  registry,
  onSearch,
  divisionCode,
  onDivisionChange,
  onRefresh,
  exportHref,
  canManage,
  onCreate,
  children,
}: {
  registry: ImportTarget;
  onSearch: (q: string) => void;
  divisionCode: string | undefined;
  onDivisionChange: (code: string | undefined) => void;
  onRefresh: () => void;
  exportHref: string;
  canManage: boolean;
  onCreate: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation(RESOURCES_NS);
  const [qInput, setQInput] = useState('');
  return (
    <div className="page-toolbar">
      <Input.Search
        allowClear
        style={{ width: 220 }}
        placeholder={t(`${registry}.searchPlaceholder`)}
        aria-label={t(`${registry}.searchPlaceholder`)}
        value={qInput}
        onChange={(e) => setQInput(e.target.value)}
        onSearch={(v) => onSearch(v.trim())}
        enterButton={t('common.search')}
        data-testid={`${registry}-search`}
      />
      {children}
      <DivisionPicker
        allowClear
        style={{ width: 180 }}
        placeholder={t('common.divisionFilter')}
        value={divisionCode}
        onChange={onDivisionChange}
      />
      <span className="page-toolbar-spacer" />
      <Button icon={<ReloadOutlined />} onClick={onRefresh}>
        {t('common.refresh')}
      </Button>
      <Button icon={<DownloadOutlined />} href={exportHref} data-testid={`${registry}-export`}>
        {t('common.exportExcel')}
      </Button>
      {canManage && <ImportButton target={registry} />}
      {canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={onCreate} data-testid={`${registry}-create`}>
          {t(`${registry}.create`)}
        </Button>
      )}
    </div>
  );
}
