import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Table, Typography, Upload, type UploadFile } from 'antd';
import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, XLSX_CONTENT_TYPE } from '@yingji/contracts';
import { buildUrl } from '../app/api';
import { ErrorAlert } from '../app/components';
import { RESOURCES_NS } from './i18n';
import {
  RESOURCES_KEY,
  importMissingColumns,
  importProblems,
  uploadXlsx,
  type ImportProblem,
  type ImportResult,
} from './api';

export type ImportTarget = 'teams' | 'warehouses' | 'shelters' | 'equipment' | 'experts';

/** 批量导入: picks one .xlsx (nothing is sent until 导入 is pressed) and lists the problems by row. */
function ImportModal({ target, onClose }: { target: ImportTarget; onClose: () => void }) {
  const { t, i18n } = useTranslation(RESOURCES_NS);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  const run = useMutation({
    mutationFn: (f: File) => uploadXlsx<ImportResult>(`/${target}/import`, f),
    onSuccess: (r) => {
      message.success(t('import.done', { count: r.created }));
      void queryClient.invalidateQueries({ queryKey: [RESOURCES_KEY, target] });
      onClose();
    },
  });
  const problems = importProblems(run.error);
  const missing = importMissingColumns(run.error).map((c) => (i18n.language.startsWith('en') ? c.en : c.zh));
  const fileList: UploadFile[] = file ? [{ uid: 'import', name: file.name, size: file.size, status: 'done' }] : [];
  const maxMb = IMPORT_MAX_BYTES / 1024 / 1024;

  return (
    <Modal
      open
      title={t(`import.title.${target}`)}
      width={720}
      onCancel={onClose}
      okText={t('import.submit')}
      cancelText={t('common.cancel')}
      onOk={() => file && run.mutate(file)}
      okButtonProps={{ disabled: !file, 'data-testid': `${target}-import-submit` }}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('import.help', { rows: IMPORT_MAX_ROWS, mb: maxMb })}{' '}
        <Typography.Link href={buildUrl(`/${target}/import-template`)} data-testid={`${target}-import-template`}>
          <DownloadOutlined /> {t('import.template')}
        </Typography.Link>
      </Typography.Paragraph>
      <Upload.Dragger
        accept={`.xlsx,${XLSX_CONTENT_TYPE}`}
        maxCount={1}
        multiple={false}
        fileList={fileList}
        beforeUpload={(f) => {
          run.reset();
          if (f.size > IMPORT_MAX_BYTES) {
            setTooLarge(true);
            setFile(null);
            return Upload.LIST_IGNORE;
          }
          setTooLarge(false);
          setFile(f);
          // Never upload by itself: the file is sent when the user presses 导入.
          return false;
        }}
        onRemove={() => {
          setFile(null);
          run.reset();
        }}
        data-testid={`${target}-import-file`}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.drop')}</p>
        <p className="ant-upload-hint">{t('import.hint', { mb: maxMb })}</p>
      </Upload.Dragger>
      {tooLarge && (
        <Alert type="error" showIcon style={{ marginTop: 16 }} title={t('import.tooLarge', { mb: maxMb })} />
      )}
      {run.isError && missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 16 }}
          title={run.error.message}
          description={t('import.missingColumns', {
            columns: missing.join(i18n.language.startsWith('en') ? ', ' : '、'),
          })}
          data-testid={`${target}-import-missing`}
        />
      )}
      {run.isError && problems.length === 0 && missing.length === 0 && (
        <ErrorAlert error={run.error} style={{ marginTop: 16 }} />
      )}
      {problems.length > 0 && (
        <div style={{ marginTop: 16 }} data-testid={`${target}-import-problems`}>
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title={run.error?.message}
            description={t('import.problemCount', { count: problems.length })}
          />
          <Table<ImportProblem & { key: number }>
            size="small"
            pagination={problems.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
            dataSource={problems.map((p, i) => ({ ...p, key: i }))}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              {
                title: t('import.column'),
                key: 'column',
                width: 180,
                render: (_: unknown, p: ImportProblem) => (
                  <span>
                    {p.column ?? p.field}
                    {p.column && p.field && (
                      <Typography.Text type="secondary" className="hash-text">
                        {' '}
                        {p.field}
                      </Typography.Text>
                    )}
                  </span>
                ),
              },
              { title: t('import.problem'), dataIndex: 'message' },
            ]}
          />
        </div>
      )}
    </Modal>
  );
}

/** The 导入 button of the teams, warehouses, shelters, equipment and experts toolbars. */
export function ImportButton({ target }: { target: ImportTarget }) {
  const { t } = useTranslation(RESOURCES_NS);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid={`${target}-import`}>
        {t('import.button')}
      </Button>
      {open && <ImportModal target={target} onClose={() => setOpen(false)} />}
    </>
  );
}
