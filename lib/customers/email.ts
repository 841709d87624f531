/** An e-mail address as screens may show it: the first character of the mailbox and the domain, e.g. z***@example.com. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
