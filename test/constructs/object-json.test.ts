import { ApiObject, App, Chart } from 'cdk8s';
import { objectJson, withObjectJsonOnce } from '../../src/constructs/object-json';

function configMap(): { object: ApiObject; renders: () => number } {
  const object = new ApiObject(new Chart(new App(), 'c'), 'm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' } });
  let count = 0;
  const toJson = object.toJson.bind(object);
  object.toJson = () => {
    count++;
    return toJson();
  };
  return { object, renders: () => count };
}

test('inside withObjectJsonOnce an object is rendered once, and every caller gets that JSON', () => {
  const { object, renders } = configMap();
  const [first, second] = withObjectJsonOnce(() => [objectJson(object), withObjectJsonOnce(() => objectJson(object))]);
  expect(renders()).toBe(1);
  expect(second).toBe(first);
  expect(first).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm' } });
});

test('outside it, and after it (even when it throws), every call renders again: the tree may have changed', () => {
  const { object, renders } = configMap();
  objectJson(object);
  objectJson(object);
  expect(renders()).toBe(2);
  expect(() => withObjectJsonOnce(() => {
    objectJson(object);
    throw new Error('validation failed');
  })).toThrow('validation failed');
  object.metadata.addLabel('app', 'x');
  expect(objectJson(object)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', labels: { app: 'x' } } });
  expect(renders()).toBe(4);
});
