/** Model files (served from /models/ in the app, static/models/ on disk) and their tensor names. */
export const MODEL_FILES = {
  detector: 'blazeface-256.onnx',
  embedder: 'dlib-resnet-128.onnx',
  ageGender: 'faceapi-age-gender.onnx'
} as const;

export type ModelKey = keyof typeof MODEL_FILES;

export const DETECTOR_IO = {
  input: 'input:0',
  scores16: 'Identity:0',
  scores32: 'Identity_1:0',
  boxes16: 'Identity_2:0',
  boxes32: 'Identity_3:0'
} as const;

export const EMBEDDER_IO = { input: 'input', output: 'descriptor', size: 150, dims: 128 } as const;
export const AGE_GENDER_IO = { input: 'input', age: 'age', gender: 'gender', size: 112 } as const;
