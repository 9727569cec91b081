package io.cartpulse.local.generator;

import java.util.Arrays;

/**
 * A binary min-heap of scenes ordered by (next event time, creation order). Unlike
 * {@link java.util.PriorityQueue} it can re-sift the top in place after the top scene moved its
 * clock forward, which is what happens on almost every event (one sift instead of poll + offer).
 */
final class SceneHeap {

  /** Something that emits events at increasing times: a shopper's session, a scripted persona, a burst. */
  abstract static class Scene {
    /** Event time (epoch ms, before truncation to whole seconds) of this scene's next event. */
    long time;
    /** Creation order: breaks ties between scenes deterministically. */
    long order;
  }

  private Scene[] heap = new Scene[64];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  Scene top() {
    return size == 0 ? null : heap[0];
  }

  long topTime() {
    return size == 0 ? Long.MAX_VALUE : heap[0].time;
  }

  void add(Scene scene) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    heap[size] = scene;
    siftUp(size++);
  }

  /** The top scene's time grew: restore the order. */
  void topChanged() {
    siftDown(0);
  }

  void removeTop() {
    Scene last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      heap[0] = last;
      siftDown(0);
    }
  }

  private static boolean before(Scene a, Scene b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
  }

  private void siftUp(int index) {
    Scene scene = heap[index];
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      if (!before(scene, heap[parent])) {
        break;
      }
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = scene;
  }

  private void siftDown(int index) {
    Scene scene = heap[index];
    int half = size >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], scene)) {
        break;
      }
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = scene;
  }
}
