import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { ROLES, type Role } from '../api/types';
import { Button } from '../components/button';
import { Notice } from '../components/page';
import { isValidLocalGovernmentCode, PREFECTURES } from '../shared/domain';
import { ROLE_LABELS, useSession } from './session-context';
import { homeOf } from './home';

const schema = z
  .object({
    role: z.enum(ROLES),
    prefecture: z.string(),
    insurer: z.string().trim(),
    userId: z.string().trim().max(100).regex(/^[A-Za-z0-9._@-]*$/, { message: '利用者 ID は半角英数字と . _ @ - で入力してください。' }),
  })
  .superRefine((value, context) => {
    if (value.role === 'prefecture' && !PREFECTURES.some((p) => p.code === value.prefecture)) {
      context.addIssue({ code: 'custom', path: ['prefecture'], message: '都道府県を選んでください。' });
    }
    if (value.role === 'insurer' && !(/^\d{6}$/.test(value.insurer) && isValidLocalGovernmentCode(value.insurer) && value.insurer.slice(2, 5) !== '000')) {
      context.addIssue({ code: 'custom', path: ['insurer'], message: '保険者番号（6桁の地方公共団体コード、検査数字を含む）を入力してください。例: 242055' });
    }
  });
type SignInForm = z.infer<typeof schema>;

function organisationOf(form: SignInForm): string {
  if (form.role === 'prefecture') return form.prefecture;
  if (form.role === 'insurer') return form.insurer;
  return 'MHLW';
}

/**
 * 開発用サインイン: pick a role and an organisation; the API starts a session for it (POST /auth/dev-session, only in
 * development and test). In production the service signs people in through OpenID Connect instead.
 */
export function DevSignInForm() {
  const { signInForDevelopment } = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string>();
  const { register, handleSubmit, watch, formState } = useForm<SignInForm>({
    resolver: zodResolver(schema),
    defaultValues: { role: 'prefecture', prefecture: '24', insurer: '', userId: '' },
  });
  const role = watch('role');

  const submit = handleSubmit(async (form) => {
    setFailure(undefined);
    try {
      await signInForDevelopment(form.role, organisationOf(form), form.userId);
      navigate(homeOf(form.role));
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  });

  return (
    <section aria-labelledby="dev-sign-in" className="flex flex-col gap-6">
      <h2 id="dev-sign-in" className="text-std-24B-150">
        役割と組織を選んでサインイン
      </h2>
      <Notice title="開発・検証環境専用です">
        <p>役割と組織を選ぶだけでサインインできます。本番環境では各府省・自治体の認証基盤（OpenID Connect）でログインします。</p>
      </Notice>
      {failure && <Notice tone="error" title="サインインできませんでした">{failure}</Notice>}
      <form onSubmit={submit} noValidate className="flex flex-col gap-6">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-2 text-std-17B-170">役割</legend>
          {ROLES.map((value: Role) => (
            <label key={value} className="flex min-h-11 items-center gap-3 text-std-16N-170">
              <input type="radio" value={value} {...register('role')} className="size-6 accent-blue-900" />
              {ROLE_LABELS[value]}
            </label>
          ))}
        </fieldset>
        {role === 'prefecture' && (
          <div className="flex flex-col gap-1">
            <label htmlFor="prefecture" className="text-std-17B-170">
              所属する都道府県
            </label>
            <select id="prefecture" {...register('prefecture')} className="min-h-11 w-64 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
              {PREFECTURES.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code} {p.name}
                </option>
              ))}
            </select>
            {formState.errors.prefecture && <p className="text-std-16N-170 text-error-2">{formState.errors.prefecture.message}</p>}
          </div>
        )}
        {role === 'insurer' && (
          <div className="flex flex-col gap-1">
            <label htmlFor="insurer" className="text-std-17B-170">
              保険者番号（地方公共団体コード 6桁）
            </label>
            <input
              id="insurer"
              inputMode="numeric"
              autoComplete="off"
              aria-invalid={formState.errors.insurer ? true : undefined}
              aria-describedby={formState.errors.insurer ? 'insurer-error' : undefined}
              {...register('insurer')}
              className="min-h-11 w-64 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170"
            />
            {formState.errors.insurer && (
              <p id="insurer-error" className="text-std-16N-170 text-error-2">
                {formState.errors.insurer.message}
              </p>
            )}
          </div>
        )}
        {(role === 'national-admin' || role === 'national-reviewer' || role === 'auditor') && <p className="text-std-16N-170">組織: 厚生労働省（MHLW）</p>}
        <div className="flex flex-col gap-1">
          <label htmlFor="user-id" className="text-std-17B-170">
            利用者 ID（任意）
          </label>
          <p id="user-id-hint" className="text-std-16N-170 text-solid-gray-800">
            起案と決裁のように別の人として操作するときに入力します（例: sato、suzuki）。空欄なら役割と組織から決まります。
          </p>
          <input
            id="user-id"
            autoComplete="off"
            aria-describedby={formState.errors.userId ? 'user-id-hint user-id-error' : 'user-id-hint'}
            aria-invalid={formState.errors.userId ? true : undefined}
            {...register('userId')}
            className="min-h-11 w-64 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170"
          />
          {formState.errors.userId && (
            <p id="user-id-error" className="text-std-16N-170 text-error-2">
              {formState.errors.userId.message}
            </p>
          )}
        </div>
        <div>
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? 'サインイン中…' : 'サインイン'}
          </Button>
        </div>
      </form>
    </section>
  );
}
