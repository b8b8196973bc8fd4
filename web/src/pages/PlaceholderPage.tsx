import { Card, Result, Tag } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PlaceholderModuleKey } from '../app/modules';

export function PlaceholderPage({ module }: { module: PlaceholderModuleKey }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Result
        icon={<ToolOutlined style={{ color: '#bfbfbf' }} />}
        title={
          <>
            {t(`nav.${module}`)} <Tag>{t('app.underConstruction')}</Tag>
          </>
        }
        subTitle={t('app.underConstructionDesc')}
        data-testid="placeholder-page"
      />
    </Card>
  );
}
