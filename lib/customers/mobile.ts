/** Mainland China mobile number: 11 digits starting 13-19. */
export function isMobileNumber(raw: string): boolean {
  return /^1[3-9]\d{9}$/.test(raw.trim());
}

export function maskMobile(last4: string): string {
  return `*******${last4}`;
}

/** 138****5678, for putting an old and a new number side by side. */
export function maskFullMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : maskMobile(mobile.slice(-4));
}
