// A session that must first change its password or enrol a second factor sees only this page
// (the server refuses every other route with PASSWORD_CHANGE_REQUIRED / TOTP_ENROLMENT_REQUIRED).
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session/session';
import { PasswordForm } from '../account/password-form';
import { TotpEnrol } from '../account/totp-enrol';
import { A } from '../account/strings';
import { AuthFrame } from './auth-frame';

export default function RestrictedPage() {
  const { pick, t } = useI18n();
  const { me, refresh, logout } = useSession();
  const password = me?.restriction === 'password_change';
  return (
    <AuthFrame title={password ? pick(A.mustChangeTitle) : pick(A.enrolTitle)}>
      {password ? (
        <>
          <p>{pick(A.mustChangeHint)}</p>
          <PasswordForm onDone={refresh} />
        </>
      ) : (
        <TotpEnrol required onDone={refresh} />
      )}
      <div style={{ marginTop: 16, textAlign: 'right' }}>
        <Button type="link" onClick={() => void logout()}>
          {t('auth.logout')}
        </Button>
      </div>
    </AuthFrame>
  );
}
