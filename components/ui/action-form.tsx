'use client';

import { createContext, useActionState, useContext, useEffect, useId, useRef, useState, startTransition } from 'react';
import { useTranslations } from 'next-intl';
import { splitMessage, type ActionResult, type FieldErrors } from '@/lib/actions/result';
import { buttonClass } from './button-class';
import { StepUpPrompt } from './step-up';

type Action<T> = (prev: unknown, payload: FormData) => Promise<ActionResult<T>>;

const FormContext = createContext<{ errors: FieldErrors; pending: boolean }>({ errors: {}, pending: false });

/**
 * A form bound to a server action: submits without resetting what the user typed, announces the outcome in a live
 * region, and hands field errors to its fields.
 */
export function ActionForm<T>({
  action,
  children,
  onSuccess,
  onFailure,
  resetOnSuccess = false,
  className,
  label,
}: {
  action: Action<T>;
  children: React.ReactNode;
  onSuccess?: (data: T) => void;
  onFailure?: (message: string) => void;
  resetOnSuccess?: boolean;
  className?: string;
  label?: string;
}) {
  const t = useTranslations();
  const [state, formAction, pending] = useActionState<ActionResult<T> | null, FormData>(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  const [visibleFields, setVisibleFields] = useState<string[]>([]);
  const onSuccessRef = useRef(onSuccess);
  const onFailureRef = useRef(onFailure);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
    onFailureRef.current = onFailure;
  });
  // The last submission, sent again after a step-up; the prompt is dismissed by the next submission or a cancel.
  const lastData = useRef<FormData | null>(null);
  const [stepUpDismissed, setStepUpDismissed] = useState<ActionResult<T> | null>(null);
  const stepUp = state && !state.ok && state.stepUp && stepUpDismissed !== state ? state.stepUp : null;

  useEffect(() => {
    if (state?.ok) {
      if (resetOnSuccess) formRef.current?.reset();
      onSuccessRef.current?.(state.data);
    } else if (state) onFailureRef.current?.(state.message);
  }, [state, resetOnSuccess]);

  return (
    <form
      ref={formRef}
      aria-label={label}
      noValidate
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        // Include the clicked button's name/value (approve or reject), as a native submit would.
        const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
        setVisibleFields(
          Array.from(event.currentTarget.elements)
            .filter((el) => 'name' in el && (el as HTMLInputElement).name && (el as HTMLInputElement).type !== 'hidden')
            .map((el) => (el as HTMLInputElement).name),
        );
        lastData.current = data;
        startTransition(() => formAction(data));
      }}
    >
      <FormContext.Provider value={{ errors: state && !state.ok ? state.fieldErrors : {}, pending }}>{children}</FormContext.Provider>
      {stepUp && (
        <StepUpPrompt
          factor={stepUp}
          onCancel={() => setStepUpDismissed(state)}
          onDone={() => {
            setStepUpDismissed(state);
            const data = lastData.current;
            if (data) startTransition(() => formAction(data));
          }}
        />
      )}
      <p role="status" aria-live="polite" className={`mt-2 text-sm ${state?.ok ? (state.tone === 'warning' ? 'font-medium text-amber-800' : 'text-emerald-700') : stepUp ? 'text-amber-800' : 'text-red-700'}`}>
        {state && (state.ok ? (state.message ? t(state.message, state.messageValues) : '') : translate(t, state.message))}
        {state && !state.ok && (
          // Errors on fields the user cannot see (hidden ids, the form as a whole) are spelled out here.
          <span className="block">
            {Object.entries(state.fieldErrors)
              .filter(([name]) => !visibleFields.includes(name))
              .flatMap(([, keys]) => keys.map((k) => translate(t, k)))
              .join(' ')}
          </span>
        )}
      </p>
    </form>
  );
}

/** A catalogue key, possibly carrying values for its placeholders (see messageWith). */
export function translate(t: (key: string, values?: Record<string, string | number>) => string, message: string): string {
  const { key, values } = splitMessage(message);
  return t(key, values);
}

export function useFieldErrors(name: string): string[] {
  return useContext(FormContext).errors[name] ?? [];
}

function FieldErrorsText({ id, errors }: { id: string; errors: string[] }) {
  const t = useTranslations();
  if (errors.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.map((e) => translate(t, e)).join(' ')}
    </p>
  );
}

const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 shadow-sm aria-[invalid=true]:border-red-600';

export function Field({ name, label, hint, ...props }: { name: string; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errors = useFieldErrors(name);
  const describedBy = [hint ? `${id}-hint` : null, errors.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input id={id} name={name} className={inputClass} aria-invalid={errors.length > 0} aria-describedby={describedBy} {...props} />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      <FieldErrorsText id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function SelectField({ name, label, options, ...props }: { name: string; label: string; options: { value: string; label: string }[] } & React.SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const errors = useFieldErrors(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} className={inputClass} aria-invalid={errors.length > 0} aria-describedby={errors.length ? `${id}-error` : undefined} {...props}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrorsText id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function TextArea({ name, label, ...props }: { name: string; label: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const errors = useFieldErrors(name);
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={id} name={name} rows={3} className={inputClass} aria-invalid={errors.length > 0} aria-describedby={errors.length ? `${id}-error` : undefined} {...props} />
      <FieldErrorsText id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** One checkbox whose label names it; its error (if any) is announced with it. */
export function CheckboxField({ name, label, ...props }: { name: string; label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errors = useFieldErrors(name);
  return (
    <div>
      <label htmlFor={id} className="inline-flex items-center gap-2 text-sm text-slate-700">
        <input id={id} type="checkbox" name={name} aria-invalid={errors.length > 0} aria-describedby={errors.length ? `${id}-error` : undefined} {...props} />
        {label}
      </label>
      <FieldErrorsText id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A radio group whose legend names it and whose error is announced with it. */
export function RadioGroup({ name, legend, options, defaultValue, children }: { name: string; legend: string; options: { value: string; label: string }[]; defaultValue?: string; children?: React.ReactNode }) {
  const id = useId();
  const errors = useFieldErrors(name);
  return (
    <fieldset aria-describedby={errors.length ? `${id}-error` : undefined} aria-invalid={errors.length > 0}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      {children}
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {options.map((o) => (
          <label key={o.value} className="inline-flex items-center gap-1 text-sm">
            <input type="radio" name={name} value={o.value} defaultChecked={defaultValue === o.value} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldErrorsText id={`${id}-error`} errors={errors} />
    </fieldset>
  );
}

export function SubmitButton({ children, variant = 'primary', name, value }: { children: React.ReactNode; variant?: 'primary' | 'danger' | 'secondary'; name?: string; value?: string }) {
  const { pending } = useContext(FormContext);
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={buttonClass(variant)}>
      {children}
    </button>
  );
}

