'use client';

import { useTranslations } from 'next-intl';
import { changeRoleAction, createStaffAction, resetPasswordAction, setActiveAction } from '@/app/(admin)/admin/actions';
import { ActionForm, Field, SelectField, SubmitButton } from '@/components/ui/action-form';
import { ROLES, type Role } from '@/lib/auth/roles';

function useRoleOptions() {
  const t = useTranslations('roles');
  return ROLES.map((r) => ({ value: r, label: t(r) }));
}

export function CreateStaffForm() {
  const t = useTranslations('admin');
  return (
    <ActionForm action={createStaffAction} label={t('create')} resetOnSuccess className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Field name="username" label={t('username')} autoComplete="off" hint={t('usernameHint')} />
      <Field name="displayName" label={t('displayName')} autoComplete="off" />
      <SelectField name="role" label={t('role')} options={useRoleOptions()} />
      <Field name="password" label={t('initialPassword')} type="password" autoComplete="new-password" hint={t('passwordHint')} />
      <div className="sm:col-span-2 lg:col-span-4">
        <SubmitButton>{t('create')}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function StaffRowControls({ staffId, username, role, active, self }: { staffId: string; username: string; role: Role; active: boolean; self: boolean }) {
  const t = useTranslations('admin');
  const roleOptions = useRoleOptions();
  if (self) return <p className="text-sm text-slate-600">{t('self')}</p>;
  return (
    <div className="flex flex-wrap items-start gap-4">
      <ActionForm action={changeRoleAction} label={t('changeRoleFor', { username })} className="flex items-end gap-2">
        <input type="hidden" name="staffId" value={staffId} />
        <SelectField name="role" label={t('roleFor', { username })} options={roleOptions} defaultValue={role} />
        <SubmitButton variant="secondary">{t('changeRole')}</SubmitButton>
      </ActionForm>
      <ActionForm action={resetPasswordAction} label={t('resetPasswordFor', { username })} resetOnSuccess className="flex items-end gap-2">
        <input type="hidden" name="staffId" value={staffId} />
        <Field name="password" label={t('newPasswordFor', { username })} type="password" autoComplete="new-password" />
        <SubmitButton variant="secondary">{t('resetPassword')}</SubmitButton>
      </ActionForm>
      <ActionForm action={setActiveAction} label={t(active ? 'disableFor' : 'enableFor', { username })}>
        <input type="hidden" name="staffId" value={staffId} />
        <input type="hidden" name="active" value={active ? 'false' : 'true'} />
        <SubmitButton variant={active ? 'danger' : 'primary'}>{t(active ? 'disableFor' : 'enableFor', { username })}</SubmitButton>
      </ActionForm>
    </div>
  );
}
