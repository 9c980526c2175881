/**
 * `ktm review --init`: a commented FeatureDesign skeleton. It is valid as written (a test reviews it), so an
 * author can run `ktm review` on it at once and fill it in.
 */
export const DESIGN_SKELETON = `# A FeatureDesign: what a new Knative feature adds to or changes in the threat model.
# Reference: docs/review.md (field by field, and every component and flow id of the built-in models).
apiVersion: ktm/v1
kind: FeatureDesign
name: My feature                     # one line, shown in the comment
summary: >-
  What a user does with the feature and what the system then does, in two sentences.
model: knative-2025                  # or knative-2021; \`ktm review --model all\` reviews against both
links: []                            # design doc, pull request
triggeredBy: [workload]              # who can use it: none | event-source-admin | workload | namespace-admin

flags:                               # config flags that gate parts of the design
  - key: my-feature
    configMap: config-features
    namespace: knative-serving
    default: disabled                # enabled | disabled: a flag that is off by default lowers the severity
    gates: what turning it on does, in one sentence

resources:                           # what users set, and the RBAC verb that lets them
  - id: my-field
    apiGroup: serving.knative.dev
    resource: services
    # Quote paths with [] inside a YAML list: ['spec.template.spec.volumes[].hostPath']
    fields: ['spec.template.spec.containers[].env']
    verb: create                     # or a custom verb only an admin grants (knsubscribe)
    heldBy: [edit, admin]            # default roles that hold it; [] = only an explicit grant

components:                          # new components; a model id changes only the fields given
  - id: my-component
    name: My component
    kind: data-plane                 # control-plane | data-plane | webhook | sidecar | gateway | workload | cli | external
    namespace: <tenant>              # <tenant> = one per tenant namespace; or knative-serving, knative-eventing, …
    boundary: tenant-namespace       # a trust boundary of the model (or of \`boundaries\`)
    shared: false                    # true: one instance serves every tenant
    # forwardsForCaller: true        # it relays what callers send it: reach continues through it (a gateway,
    #                                # the activator, a broker, an event transform). Leave false for a sink.
    # createdBy: eventing-controller # a shared controller creates its pods for the tenant (checked against
    #                                # controller confinement: in the tenant's namespace, without its credentials)
    requires: { flag: my-feature, resource: my-field }

flows:                               # new data flows; a model id changes only the fields given
  - id: workload-to-my-component
    from: user-container             # ids: docs/review.md lists every component of both models,
    to: my-component                 # plus the built-in node, container-runtime and kubelet
    port: 8080
    protocol: HTTP
    authenticated: false             # does the receiver authenticate the sender?
    destinationChosenBy: caller      # caller: the sender addresses it (any namespace unless tenantScope says so)
    # access: network                # network | file (a mount) | credential (a token) | local (socket, loopback)
    # identity: component            # whose identity the receiver sees: caller | component | none
    # requires: { flag: my-feature, set: { authenticated: true } }   # a flag that switches a property on
    requires: { flag: my-feature }

mitigations: []                      # what the design ships: namespace-check, tls-san-check, network-policy
`;
