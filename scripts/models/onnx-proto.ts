/**
 * Minimal ONNX protobuf writer: just the messages a converted feed-forward graph needs
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).
 * Field numbers follow onnx/onnx.proto3; keeping our own encoder avoids a protobuf dependency.
 */

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  bytes(b: Uint8Array) {
    this.chunks.push(b);
    this.size += b.length;
  }
  varint(v: number | bigint) {
    let x = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    while (x >= 0x80n) {
      out.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    out.push(Number(x));
    this.bytes(Uint8Array.from(out));
  }
  tag(field: number, wire: number) {
    this.varint((field << 3) | wire);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

type Field = [number, 'varint', number | bigint] | [number, 'bytes', Uint8Array] | [number, 'string', string] | [number, 'float', number] | [number, 'packedInt', (number | bigint)[]] | [number, 'packedFloat', number[]];

function message(fields: (Field | null | undefined)[]): Uint8Array {
  const w = new Writer();
  for (const f of fields) {
    if (!f) continue;
    const [no, kind, v] = f;
    switch (kind) {
      case 'varint':
        w.tag(no, 0);
        w.varint(v as number);
        break;
      case 'float': {
        w.tag(no, 5);
        const b = new Uint8Array(4);
        new DataView(b.buffer).setFloat32(0, v as number, true);
        w.bytes(b);
        break;
      }
      case 'string':
      case 'bytes': {
        const b = kind === 'string' ? new TextEncoder().encode(v as string) : (v as Uint8Array);
        w.tag(no, 2);
        w.varint(b.length);
        w.bytes(b);
        break;
      }
      case 'packedInt': {
        const inner = new Writer();
        for (const x of v as number[]) inner.varint(x);
        const b = inner.finish();
        w.tag(no, 2);
        w.varint(b.length);
        w.bytes(b);
        break;
      }
      case 'packedFloat': {
        const arr = Float32Array.from(v as number[]);
        w.tag(no, 2);
        w.varint(arr.byteLength);
        w.bytes(new Uint8Array(arr.buffer));
        break;
      }
    }
  }
  return w.finish();
}

export const DataType = { FLOAT: 1, INT64: 7 } as const;

export interface Tensor {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export type AttrValue =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: number[] }
  | { floats: number[] }
  | { t: Tensor };

export interface Node {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attrs?: Record<string, AttrValue>;
}

export interface ValueInfo {
  name: string;
  /** numbers are fixed sizes, strings are symbolic (e.g. batch 'N') */
  shape: (number | string)[];
}

export interface Model {
  graphName: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  producer: string;
  docString?: string;
  opset?: number;
  metadata?: Record<string, string>;
}

function tensorProto(t: Tensor): Uint8Array {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return message([
    [1, 'packedInt', t.dims],
    [2, 'varint', t.data instanceof Float32Array ? DataType.FLOAT : DataType.INT64],
    [8, 'string', t.name],
    [9, 'bytes', raw]
  ]);
}

function attributeProto(name: string, a: AttrValue): Uint8Array {
  if ('i' in a) return message([[1, 'string', name], [20, 'varint', 2], [3, 'varint', a.i]]);
  if ('f' in a) return message([[1, 'string', name], [20, 'varint', 1], [2, 'float', a.f]]);
  if ('s' in a) return message([[1, 'string', name], [20, 'varint', 3], [4, 'string', a.s]]);
  if ('ints' in a) return message([[1, 'string', name], [20, 'varint', 7], [8, 'packedInt', a.ints]]);
  if ('floats' in a) return message([[1, 'string', name], [20, 'varint', 6], [7, 'packedFloat', a.floats]]);
  return message([[1, 'string', name], [20, 'varint', 4], [5, 'bytes', tensorProto(a.t)]]);
}

function nodeProto(n: Node): Uint8Array {
  return message([
    ...n.inputs.map((i): Field => [1, 'string', i]),
    ...n.outputs.map((o): Field => [2, 'string', o]),
    n.name ? [3, 'string', n.name] : null,
    [4, 'string', n.op],
    ...Object.entries(n.attrs ?? {}).map(([k, v]): Field => [5, 'bytes', attributeProto(k, v)])
  ]);
}

function valueInfoProto(v: ValueInfo): Uint8Array {
  const dims = v.shape.map((d) => message([typeof d === 'number' ? [1, 'varint', d] : [2, 'string', d]]));
  const shape = message(dims.map((d): Field => [1, 'bytes', d]));
  const tensorType = message([[1, 'varint', DataType.FLOAT], [2, 'bytes', shape]]);
  const type = message([[1, 'bytes', tensorType]]);
  return message([[1, 'string', v.name], [2, 'bytes', type]]);
}

export function encodeModel(m: Model): Uint8Array {
  const graph = message([
    ...m.nodes.map((n): Field => [1, 'bytes', nodeProto(n)]),
    [2, 'string', m.graphName],
    ...m.initializers.map((t): Field => [5, 'bytes', tensorProto(t)]),
    ...m.inputs.map((v): Field => [11, 'bytes', valueInfoProto(v)]),
    ...m.outputs.map((v): Field => [12, 'bytes', valueInfoProto(v)])
  ]);
  const opset = message([[1, 'string', ''], [2, 'varint', m.opset ?? 13]]);
  const props = Object.entries(m.metadata ?? {}).map(([k, v]) =>
    message([[1, 'string', k], [2, 'string', v]])
  );
  return message([
    [1, 'varint', 8], // IR version 8 (ONNX 1.10+), understood by onnxruntime 1.30
    [2, 'string', m.producer],
    [6, 'string', m.docString ?? ''],
    [7, 'bytes', graph],
    [8, 'bytes', opset],
    ...props.map((p): Field => [14, 'bytes', p])
  ]);
}
