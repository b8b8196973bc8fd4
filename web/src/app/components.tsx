import { useState, type CSSProperties } from 'react';
import dayjs from 'dayjs';
import { Alert, Button, type TablePaginationConfig } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from './api';

/** Shows an API (or other) error with the server's localized message and, when known, its request id. */
export function ErrorAlert({ error, onRetry, style }: { error: unknown; onRetry?: () => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      title={errorMessage(error)}
      description={requestId ? t('common.requestId', { id: requestId }) : undefined}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Field problems from a VALIDATION_FAILED answer, if the details carry a list of `{path, message}`. */
export function validationIssues(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details;
  const list: unknown[] = Array.isArray(details)
    ? details
    : typeof details === 'object' && details !== null && Array.isArray((details as { issues?: unknown }).issues)
      ? (details as { issues: unknown[] }).issues
      : [];
  return list.flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') return [];
    const where = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    return [where ? `${where}: ${message}` : message];
  });
}

/** Error shown inside a form: the server's message plus any field problems it listed. */
export function FormError({ error }: { error: unknown }) {
  const issues = validationIssues(error);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={errorMessage(error)}
      description={
        issues.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

export function formatTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : '—';
}

/**
 * Page state of a server-paged table: page (from 1) and page size, with the antd
 * pagination props that keep them; changing the page size goes back to page 1.
 */
export function usePaging(formatTotal: (total: number) => string, initialPageSize = 20) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const pagination = (total: number): TablePaginationConfig => ({
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    showTotal: formatTotal,
    onChange: (p, ps) => {
      setPage(ps !== pageSize ? 1 : p);
      setPageSize(ps);
    },
  });
  return { page, pageSize, setPage, pagination };
}

/** Lets Enter in a text field submit a form whose buttons sit outside it (a modal footer). */
export function HiddenSubmit() {
  return <button type="submit" hidden aria-hidden tabIndex={-1} />;
}
