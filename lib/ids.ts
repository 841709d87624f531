/** A UUID as the database stores ids (any version), for checking ids from URLs and forms before they reach a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
