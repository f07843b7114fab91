/**
 * Small graph builder on top of onnx-proto: named nodes, float initialisers, and the TF→ONNX
 * layout conversions (filters HWIO→OIHW, depthwise HWC1→C1HW) that every converter needs.
 */
import type { AttrValue, Model, Node, Tensor, ValueInfo } from './onnx-proto';

export class Graph {
  nodes: Node[] = [];
  initializers: Tensor[] = [];
  private counter = 0;

  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  const(name: string, dims: number[], data: Float32Array | BigInt64Array): string {
    const n = this.fresh(name);
    this.initializers.push({ name: n, dims, data });
    return n;
  }

  ints(name: string, values: number[]): string {
    return this.const(name, [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  op(op: string, inputs: string[], attrs?: Record<string, AttrValue>, name?: string): string {
    const out = this.fresh(name ?? op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [out], attrs, name: out });
    return out;
  }

  model(opts: { name: string; inputs: ValueInfo[]; outputs: ValueInfo[]; outputMap: Record<string, string>; doc?: string; metadata?: Record<string, string> }): Model {
    // Rename final tensors to the public output names with Identity nodes (keeps the builder simple).
    for (const [pub, internal] of Object.entries(opts.outputMap)) {
      this.nodes.push({ op: 'Identity', inputs: [internal], outputs: [pub], name: `out_${pub}` });
    }
    return {
      graphName: opts.name,
      nodes: this.nodes,
      initializers: this.initializers,
      inputs: opts.inputs,
      outputs: opts.outputs,
      producer: 'loupe-scripts-models',
      docString: opts.doc,
      metadata: opts.metadata
    };
  }
}

/** TF conv filter [kh, kw, in, out] → ONNX [out, in, kh, kw]. */
export function hwioToOihw(data: Float32Array, shape: number[]): { data: Float32Array; dims: number[] } {
  const [kh, kw, ci, co] = shape;
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = data[((y * kw + x) * ci + i) * co + o];
  return { data: out, dims: [co, ci, kh, kw] };
}

/** TF depthwise filter [kh, kw, in, mult] → ONNX grouped conv [in*mult, 1, kh, kw]. */
export function depthwiseToOihw(data: Float32Array, shape: number[]): { data: Float32Array; dims: number[] } {
  const [kh, kw, ci, m] = shape;
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let k = 0; k < m; k++) out[((i * m + k) * kh + y) * kw + x] = data[((y * kw + x) * ci + i) * m + k];
  return { data: out, dims: [ci * m, 1, kh, kw] };
}
