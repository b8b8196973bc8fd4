import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, errorMessage } from '../app/api';
import { useAuth } from '../app/auth';
import { currentLang, setLang } from '../app/i18n';
import { usePublicConfig } from '../app/queries';
import { WARNINGS_NS } from '../warnings/i18n';

interface LoginForm {
  username: string;
  password: string;
}

function lockedUntilOf(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.status !== 423) return null;
  const details = err.details;
  if (typeof details === 'object' && details !== null && 'lockedUntil' in details) {
    const value = (details as { lockedUntil: unknown }).lockedUntil;
    if (typeof value === 'string' && dayjs(value).isValid()) return value;
  }
  return null;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const navigate = useNavigate();
  const config = usePublicConfig();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  };

  const lockedUntil = lockedUntilOf(error);
  const nextLang = currentLang() === 'zh-CN' ? 'en-US' : 'zh-CN';

  return (
    <div className="login-page">
      <Button
        className="login-lang"
        icon={<TranslationOutlined />}
        onClick={() => setLang(nextLang)}
        data-testid="login-lang-toggle"
        title={t('lang.toggleTitle')}
      >
        {t('lang.toggle')}
      </Button>
      <Card className="login-card">
        <div className="login-card-header">
          <SafetyOutlined style={{ fontSize: 40, color: '#1d5fb8' }} />
          <Typography.Title level={3} style={{ marginTop: 12, marginBottom: 4 }}>
            {t('app.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {error !== null && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="login-error"
            title={errorMessage(error)}
            description={
              lockedUntil
                ? t('login.lockedUntil', { time: dayjs(lockedUntil).format('YYYY-MM-DD HH:mm:ss') })
                : undefined
            }
          />
        )}
        <Form<LoginForm> layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false} autoComplete="on">
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoFocus
              autoComplete="username"
              data-testid="login-username"
              placeholder={t('login.username')}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
              placeholder={t('login.password')}
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
              {t('login.submit')}
            </Button>
          </Form.Item>
        </Form>
        {config.data?.demo && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }}>
            {t('login.demoHint')}
          </Typography.Paragraph>
        )}
        <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0, textAlign: 'center' }}>
          <Link to="/public/warnings" data-testid="login-public-warnings">
            {t('login.publicLink', { ns: WARNINGS_NS })}
          </Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
