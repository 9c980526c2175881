/**
 * RBAC rule matching exactly as the Kubernetes authorizer does it (k8s.io/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go):
 * VerbMatches, APIGroupMatches, ResourceMatches (`*`, `resource/subresource`, `*​/subresource`), ResourceNameMatches
 * (empty list = every name). Non-resource URLs are kept but never match a resource request.
 */
export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface ResourceRequest {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** A specific object name; undefined = a request not about one name (list, create without a name, any name). */
  name?: string;
}

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === '*' || g === group);
}

export function resourceMatches(rule: PolicyRule, resource: string, subresource?: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (subresource !== undefined && r === `*/${subresource}`),
  );
}

/** With `name` undefined, a rule limited to resourceNames does NOT match (Kubernetes: create/list cannot be limited by name). */
export function resourceNameMatches(rule: PolicyRule, name?: string): boolean {
  const names = rule.resourceNames ?? [];
  if (names.length === 0) return true;
  return name !== undefined && names.includes(name);
}

export function ruleAllows(rule: PolicyRule, req: ResourceRequest): boolean {
  return (
    verbMatches(rule, req.verb) &&
    apiGroupMatches(rule, req.group) &&
    resourceMatches(rule, req.resource, req.subresource) &&
    resourceNameMatches(rule, req.name)
  );
}

/** Verbs whose requests name one object, so a `resourceNames`-limited rule can allow them (not create, list, watch…). */
export const NAMED_VERBS: ReadonlySet<string> = new Set(['get', 'update', 'patch', 'delete', 'impersonate', 'bind', 'escalate', 'approve', 'sign', 'use']);

/**
 * Does the rule allow the request for at least one object name? A request without a name asks "any name": a rule
 * limited by resourceNames allows it for those names when the verb addresses one object (get, update, patch, delete…),
 * never for create, list, watch or deletecollection. Returns the names it is limited to ([] = every name), or undefined.
 */
export function ruleAllowsSomeName(rule: PolicyRule, req: ResourceRequest): string[] | undefined {
  if (ruleAllows(rule, req)) return req.name !== undefined || !(rule.resourceNames ?? []).length ? [] : [...rule.resourceNames!];
  const names = rule.resourceNames ?? [];
  if (req.name !== undefined || names.length === 0 || !NAMED_VERBS.has(req.verb)) return undefined;
  return ruleAllows(rule, { ...req, name: names[0] }) ? [...names] : undefined;
}

/** A rule granting only self-reviews or public non-resource URLs: what every authenticated user gets by default. */
export function isHarmlessRule(rule: PolicyRule): boolean {
  if (rule.nonResourceURLs && rule.nonResourceURLs.length > 0 && !(rule.resources ?? []).length) {
    return rule.verbs.every((v) => v === 'get') && rule.nonResourceURLs.every((u) => PUBLIC_URLS.has(u));
  }
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  return (
    groups.length > 0 &&
    groups.every((g) => g === 'authorization.k8s.io' || g === 'authentication.k8s.io') &&
    resources.length > 0 &&
    resources.every((r) => r === 'selfsubjectaccessreviews' || r === 'selfsubjectrulesreviews' || r === 'selfsubjectreviews') &&
    rule.verbs.every((v) => v === 'create')
  );
}

const PUBLIC_URLS = new Set([
  '/healthz', '/livez', '/readyz', '/version', '/version/', '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*',
  '/.well-known/openid-configuration', '/openid/v1/jwks',
]);

/** Normalises a rule read from a manifest (untrusted shape) into a PolicyRule; undefined when it is not one. */
export function toPolicyRule(raw: unknown): PolicyRule | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const strs = (v: unknown): string[] | undefined =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
  const verbs = strs(r.verbs);
  if (!verbs || verbs.length === 0) return undefined;
  return {
    verbs,
    apiGroups: strs(r.apiGroups),
    resources: strs(r.resources),
    resourceNames: strs(r.resourceNames),
    nonResourceURLs: strs(r.nonResourceURLs),
  };
}
