import { useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { OpenYearInput } from './open-year-schema';
import { input } from './ui';
import type { ShippedFramework } from './year-queries';

const LEVELS = { municipal: '市町村分', prefectural: '都道府県分' } as const;

/** 指標体系: one of the shipped frameworks of the level, or a framework file (JSON, versioned) of the ministry. */
export function FrameworkChoice({ level, form, shipped }: { level: 'municipal' | 'prefectural'; form: UseFormReturn<OpenYearInput>; shipped: readonly ShippedFramework[] }) {
  const mode = form.watch(`${level}.mode`);
  const [fileError, setFileError] = useState<string>();
  const jsonError = form.formState.errors[level]?.json?.message;
  const error = typeof jsonError === 'string' ? jsonError : undefined;
  const readFile = async (file: File | undefined) => {
    setFileError(undefined);
    form.setValue(`${level}.json`, undefined);
    if (!file) return;
    try {
      const json: unknown = JSON.parse(await file.text());
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
      form.setValue(`${level}.json`, json as Record<string, unknown>, { shouldValidate: true });
      form.setValue(`${level}.fileName`, file.name);
    } catch {
      setFileError(`「${file.name}」は指標体系の JSON として読めませんでした。`);
    }
  };
  return (
    <fieldset className="flex flex-col gap-2 rounded-8 border border-solid-gray-420 p-4">
      <legend className="px-1 text-std-16B-170">指標体系（{LEVELS[level]}）</legend>
      <div className="flex flex-wrap gap-6">
        <label className="flex items-center gap-2 text-std-16N-170">
          <input type="radio" value="shipped" {...form.register(`${level}.mode`)} className="size-5" />
          同梱の指標体系から選ぶ
        </label>
        <label className="flex items-center gap-2 text-std-16N-170">
          <input type="radio" value="file" {...form.register(`${level}.mode`)} className="size-5" />
          ファイル（JSON）をアップロードする
        </label>
      </div>
      {mode === 'shipped' ? (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${level}-framework`} className="text-std-16B-170">
            同梱の指標体系（{LEVELS[level]}）
          </label>
          <select id={`${level}-framework`} {...form.register(`${level}.id`)} className={input}>
            {shipped
              .filter((f) => f.level === level)
              .map((f) => (
                <option key={f.id} value={f.id}>
                  {f.title}（第{f.frameworkVersion}版{f.isDefault ? '・既定' : ''}）
                </option>
              ))}
          </select>
        </div>
      ) : (
        <div className="flex flex-col gap-1">
          <label htmlFor={`${level}-framework-file`} className="text-std-16B-170">
            指標体系のファイル（{LEVELS[level]}・JSON）
          </label>
          <input id={`${level}-framework-file`} type="file" accept=".json,application/json" onChange={(event) => void readFile(event.target.files?.[0])}
            className="text-std-16N-170 file:mr-4 file:min-h-11 file:cursor-pointer file:rounded-8 file:border-2 file:border-solid file:border-blue-900 file:bg-white file:px-4 file:py-2 file:text-oln-16B-100 file:text-blue-900"
          />
          {(fileError ?? error) && <p className="text-std-16N-170 text-error-2">{fileError ?? error}</p>}
        </div>
      )}
    </fieldset>
  );
}
