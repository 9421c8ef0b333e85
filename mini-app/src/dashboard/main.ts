import { createApp } from 'vue';
import DashboardApp from './DashboardApp.vue';
import './dashboard.css';

createApp(DashboardApp).mount('#dashboard');
