export { topologyMermaid, renderMermaid, sanitizeId, escapeLabel } from './mermaid';
export type { TopologyMermaidOptions } from './mermaid';
export { deriveTopology } from './topology';
export type { Topology, TopologyNode, TopologyEdge, EdgeKind, NodeShape } from './topology';
export { updateReadmeDiagrams, readmeDiagramStacks, topologyMarkers } from './readme';
export { stackDiagram, planReadmeDiagrams } from './stacks';
export type { ReadmeDiagramPlan } from './stacks';
export { fileComponent } from './objects';
