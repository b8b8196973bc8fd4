import { useState } from 'react';
import { Alert, App, Button, Dropdown, Modal, Table, Typography, Upload, type UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { XLSX_CONTENT_TYPE } from '@yingji/contracts';
import { ErrorAlert } from '../app/components';
import { PROGRAMME_NS } from './i18n';
import { exportJsonUrl, exportXlsxUrl, importProblems, useImportProgramme } from './api';

const MAX_BYTES = 5 * 1024 * 1024;

function ImportModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(PROGRAMME_NS);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const run = useImportProgramme();
  const problems = importProblems(run.error);
  const fileList: UploadFile[] = file ? [{ uid: 'import', name: file.name, size: file.size, status: 'done' }] : [];

  return (
    <Modal
      open
      title={t('import.title')}
      width={720}
      onCancel={onClose}
      okText={t('import.submit')}
      cancelText={t('common.cancel')}
      onOk={() =>
        file &&
        run.mutate(file, {
          onSuccess: (p) => {
            message.success(t('import.done', { title: p.title }));
            onClose();
            void navigate(`/programme/${p.id}`);
          },
        })
      }
      okButtonProps={{ disabled: !file, 'data-testid': 'programme-import-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('import.help')}</Typography.Paragraph>
      <Upload.Dragger
        accept={`.json,application/json,.xlsx,${XLSX_CONTENT_TYPE}`}
        maxCount={1}
        multiple={false}
        fileList={fileList}
        beforeUpload={(f) => {
          run.reset();
          if (f.size > MAX_BYTES) {
            setTooLarge(true);
            setFile(null);
            return Upload.LIST_IGNORE;
          }
          setTooLarge(false);
          setFile(f);
          // Sent only when the user presses 导入.
          return false;
        }}
        onRemove={() => {
          setFile(null);
          run.reset();
        }}
        data-testid="programme-import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.hint')}</p>
      </Upload.Dragger>
      {tooLarge && <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('import.tooLarge')} />}
      {run.isError && problems.length === 0 && <ErrorAlert error={run.error} style={{ marginTop: 16 }} />}
      {problems.length > 0 && (
        <div style={{ marginTop: 16 }} data-testid="programme-import-problems">
          <Alert type="error" showIcon style={{ marginBottom: 8 }} title={run.error?.message} />
          <Table
            size="small"
            rowKey="key"
            pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            dataSource={problems.map((p, i) => ({ ...p, key: i }))}
            columns={[
              { title: t('import.sheet'), dataIndex: 'sheet', width: 90, render: (s?: string) => s ?? '—' },
              { title: t('import.row'), dataIndex: 'row', width: 70, render: (r?: number) => r ?? '—' },
              { title: t('import.field'), dataIndex: 'field', width: 160, render: (f?: string) => f ?? '—' },
              { title: t('import.problem'), dataIndex: 'message' },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}

/** 导入规划: a JSON document or an Excel workbook in the export's format. */
export function ImportProgrammeButton() {
  const { t } = useTranslation(PROGRAMME_NS);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid="programme-import">
        {t('import.button')}
      </Button>
      {open && <ImportModal onClose={() => setOpen(false)} />}
    </>
  );
}

/** 导出: the whole programme as JSON (re-importable) or as an Excel workbook. */
export function ExportProgrammeButton({ id }: { id: string }) {
  const { t } = useTranslation(PROGRAMME_NS);
  return (
    <Dropdown
      menu={{
        items: [
          {
            key: 'xlsx',
            label: (
              <a href={exportXlsxUrl(id)} data-testid="programme-export-xlsx">
                {t('export.xlsx')}
              </a>
            ),
          },
          {
            key: 'json',
            label: (
              <a href={exportJsonUrl(id)} download data-testid="programme-export-json">
                {t('export.json')}
              </a>
            ),
          },
        ],
      }}
    >
      <Button icon={<DownloadOutlined />} data-testid="programme-export">
        {t('export.button')}
      </Button>
    </Dropdown>
  );
}
