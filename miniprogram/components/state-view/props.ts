/** Properties of <state-view>. */
const props = {
  /** loading | empty | error | ready (ready shows the slot). */
  status: { type: String, value: 'loading' },
  loadingText: { type: String, value: '正在加载，请稍候…' },
  emptyText: { type: String, value: '暂时没有内容' },
  /** The error's Chinese message. */
  errorText: { type: String, value: '网络不太好，请稍后再试' },
  retryText: { type: String, value: '重试' },
};

export default props;
