import { useRef, useState } from 'react';
import { Button, Image, Space, Spin, Typography } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../app/components';
import { RISKS_NS } from './i18n';
import { attachmentUrl, uploadAttachment, type AttachmentMeta } from './api';

const MAX_PHOTOS = 20;

/**
 * Photos for a hazard or a transition: each chosen file (on a phone, the camera opens) is uploaded at once
 * (`POST /api/v1/attachments`) and shown as a thumbnail; the value is the uploaded files' metadata.
 */
export function PhotoPicker({
  value = [],
  onChange,
  onBusyChange,
  testId = 'photo',
}: {
  value?: AttachmentMeta[];
  onChange?: (value: AttachmentMeta[]) => void;
  /** Told while uploads are running, so the form can wait for them. */
  onBusyChange?: (busy: boolean) => void;
  testId?: string;
}) {
  const { t } = useTranslation(RISKS_NS);
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(0);
  const [error, setError] = useState<unknown>(null);

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const list = [...files].slice(0, Math.max(0, MAX_PHOTOS - value.length));
    setError(null);
    setBusy((n) => n + list.length);
    onBusyChange?.(true);
    const added: AttachmentMeta[] = [];
    for (const file of list) {
      try {
        added.push(await uploadAttachment(file));
      } catch (err) {
        setError(err);
      } finally {
        setBusy((n) => n - 1);
      }
    }
    onBusyChange?.(false);
    if (added.length) onChange?.([...value, ...added]);
    if (inputRef.current) inputRef.current.value = '';
  };

  return (
    <div className="risk-photo-picker" data-testid={`${testId}-picker`} data-count={value.length}>
      <input
        ref={inputRef}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid={`${testId}-input`}
        onChange={(e) => void onFiles(e.target.files)}
      />
      <Space wrap size={8}>
        {value.map((a) => (
          <div key={a.id} className="risk-photo-item" data-testid={`${testId}-item`}>
            <Image src={attachmentUrl(a.id)} alt={a.name} width={88} height={88} className="risk-thumb" />
            <Button
              size="small"
              shape="circle"
              className="risk-photo-remove"
              icon={<CloseOutlined />}
              aria-label={t('attachments.remove', { name: a.name })}
              onClick={() => onChange?.(value.filter((x) => x.id !== a.id))}
            />
          </div>
        ))}
        {busy > 0 && (
          <div className="risk-photo-item risk-photo-busy">
            <Spin />
          </div>
        )}
        {value.length < MAX_PHOTOS && (
          <Button
            className="risk-photo-add"
            icon={<CameraOutlined />}
            onClick={() => inputRef.current?.click()}
            data-testid={`${testId}-add`}
          >
            {t('attachments.add')}
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary" className="risk-photo-hint">
        {t('attachments.hint')}
      </Typography.Text>
      {error !== null && <ErrorAlert error={error} style={{ marginTop: 8 }} />}
    </div>
  );
}
