/**
 * An error a resident must read: it stays until they tap 知道了 (a 3-second toast is gone
 * before an older reader has found it). One clear action, no cancel.
 */
export function showError(message: string, title = '没有办成'): void {
  wx.showModal({ title, content: message, showCancel: false, confirmText: '知道了' });
}
